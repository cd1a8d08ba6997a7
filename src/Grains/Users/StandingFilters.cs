namespace SocialFlow.Grains.Users;

/// <summary>
/// The standing rule as SQL, for list queries that already join <c>accounts a</c> for the author's username (the
/// display-names exception, extended to these two columns): one spelling of "hidden" for every store. A sanction whose
/// time has passed has ended by itself.
/// </summary>
public static class StandingFilters
{
    /// <summary>The author is not suspended: their content may be shown to others.</summary>
    public const string NotSuspended = "(a.suspended_until IS NULL OR a.suspended_until <= now())";

    /// <summary>The author is neither suspended nor limited: their content may appear in discovery (public lists, hashtags).</summary>
    public const string Discoverable = "(a.suspended_until IS NULL OR a.suspended_until <= now()) AND (a.limited_until IS NULL OR a.limited_until <= now())";
}
