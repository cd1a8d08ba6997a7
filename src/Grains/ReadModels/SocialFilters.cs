namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Social's blocks and mutes as SQL, for read models that leave out what a viewer must not see: one spelling for the
/// search providers. The viewer is the statement's parameter <c>viewer</c> names (e.g. <c>$4</c>).
/// </summary>
public static class SocialFilters
{
    /// <summary>The accounts the viewer blocks, is blocked by or mutes (a query of one uuid column).</summary>
    public static string BlockedOrMuted(string viewer) => $"""
        SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = {viewer}
        UNION ALL SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = {viewer}
        UNION ALL SELECT m.muted_id FROM mutes m WHERE m.muter_id = {viewer}
        """;
}
