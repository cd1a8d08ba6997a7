namespace SocialFlow.Grains.Engagement.GroupCommit;

/// <summary>
/// A seam for tests to make a group commit fail before or after PostgreSQL committed it, as a dropped
/// connection or a crashed database would. Production registers <see cref="NoEngagementFaults"/>.
/// </summary>
public interface IEngagementFaults
{
    void BeforeCommit(IReadOnlyList<EngagementFact> batch);
    void AfterCommit(IReadOnlyList<EngagementFact> batch);
}

public sealed class NoEngagementFaults : IEngagementFaults
{
    public void BeforeCommit(IReadOnlyList<EngagementFact> batch) { }
    public void AfterCommit(IReadOnlyList<EngagementFact> batch) { }
}
