namespace SocialFlow.Grains.Interfaces.Engagement;

/// <summary>
/// The engagement side of one video, post or comment, keyed by its id: who may see it, and its exact
/// like, view, comment, bookmark and reaction counts, held in memory and durable before any call returns.
/// The grain that owns the item (VideoGrain, PostGrain, comments) publishes it here on create and on
/// visibility change, and removes it on delete.
/// </summary>
public interface IContentGrain : IGrainWithGuidKey
{
    /// <summary>Creates or updates the item's entry (owner, kind, and who may see it now); idempotent. The owning grain
    /// publishes again whenever who may see the item changes (a visibility change, a video becoming ready).</summary>
    Task PublishAsync(ContentInfo info);

    /// <summary>Marks the item deleted: it is no longer visible and refuses new engagement.</summary>
    Task RemoveAsync();

    Task<ContentInfo?> GetInfoAsync();

    /// <summary>Public and unlisted items are visible to anyone with the id, followers-only ones to the owner's followers, private ones to their owner;
    /// never to someone the owner blocks or is blocked by.</summary>
    Task<bool> CanViewAsync(Guid? viewerId);

    Task<ContentCounts> GetCountsAsync();
    Task<ViewerState> GetViewerStateAsync(Guid viewerId);

    /// <summary>Counts and, for a signed-in viewer, what they did: one call for an item's page.</summary>
    Task<ContentSnapshot> GetSnapshotAsync(Guid? viewerId);

    /// <summary>Idempotent per user: liking twice counts once. Returns after the like is committed.</summary>
    Task<EngagementResult> LikeAsync(Guid userId);
    Task<EngagementResult> UnlikeAsync(Guid userId);
    Task<EngagementResult> BookmarkAsync(Guid userId);
    Task<EngagementResult> UnbookmarkAsync(Guid userId);

    /// <summary>Sets (or with null clears) the user's one reaction from the fixed emoji set.</summary>
    Task<EngagementResult> ReactAsync(Guid userId, string? reaction);

    /// <summary>Counts a view unless the same viewer key was counted within the de-duplication window; true when counted.</summary>
    Task<bool> RecordViewAsync(string viewerKey, int? watchSeconds);

    /// <summary>Told after a comment insert or delete committed together with content_counters.comments; re-reads that count.</summary>
    Task CommentsChangedAsync();
}
