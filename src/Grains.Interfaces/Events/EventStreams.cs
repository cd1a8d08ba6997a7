namespace SocialFlow.Grains.Interfaces.Events;

/// <summary>
/// The stream provider that carries domain events, and its namespaces. A stream is (namespace, entity id); each
/// namespace has exactly one durable consumer grain kind (see EventConsumerGrain in Grains), which runs every
/// IDomainEventHandler registered for the namespace.
/// </summary>
public static class EventStreams
{
    public const string Provider = "events";

    /// <summary>Video changes (<see cref="EventKinds.Video"/>). Key: the video id.</summary>
    public const string Videos = "videos";

    /// <summary>Post changes (<see cref="EventKinds.Post"/>). Key: the post id.</summary>
    public const string Posts = "posts";

    /// <summary>Social graph changes (<see cref="EventKinds.Graph"/>). Key: the account acted upon (the followee, the blocked, …).</summary>
    public const string Graph = "graph";

    /// <summary>Engagement on an item (<see cref="EventKinds.Engagement"/>). Key: the item's content id.</summary>
    public const string Engagement = "engagement";

    /// <summary>Live stream changes (<see cref="EventKinds.Live"/>). Key: the stream id.</summary>
    public const string Live = "live";

    /// <summary>Moderation signals written by the domains that own the items (<see cref="EventKinds.Moderation"/>). Key: the item id.</summary>
    public const string Moderation = "moderation";

    /// <summary>Payments, memberships and who may see what (<see cref="EventKinds.Payments"/>). Key: per kind.</summary>
    public const string Payments = "payments";

    /// <summary>Ads (<see cref="EventKinds.Ads"/>). Key: per kind.</summary>
    public const string Ads = "ads";
}

/// <summary>
/// Event kinds per namespace. Payloads are small snake_case JSON objects; the fields named here are the contract
/// between the writer and the handlers.
/// </summary>
public static class EventKinds
{
    /// <summary>Payload: video_id, owner_id, status, visibility, title, failure_reason, at.</summary>
    public static class Video
    {
        public const string Created = "created";
        public const string Uploaded = "uploaded";
        public const string Ready = "ready";
        public const string Failed = "failed";
        public const string Updated = "updated";
        public const string Deleted = "deleted";
    }

    /// <summary>Payload: stream_id, owner_id, title, visibility, at (updated: stream_id, owner_id, at; a moderation decision).</summary>
    public static class Live
    {
        public const string Started = "started";
        public const string Ended = "ended";
        public const string Updated = "updated";
    }

    /// <summary>Payload: post_id, author_id, visibility, created_at (and mentioned user ids on created).</summary>
    public static class Post
    {
        public const string Created = "created";
        public const string Updated = "updated";
        public const string Deleted = "deleted";
    }

    /// <summary>
    /// Actor: who did it. Key: the other account (target_id). Payload: actor_id, target_id, at. Followed means a new
    /// follow edge actor → target (also after an approval, which emits follow_approved keyed by the requester too);
    /// blocked means the follows and requests of both directions are gone as well (no unfollowed events for them).
    /// </summary>
    public static class Graph
    {
        public const string Followed = "followed";
        public const string Unfollowed = "unfollowed";
        public const string FollowRequested = "follow_requested";
        public const string FollowApproved = "follow_approved";
        public const string Blocked = "blocked";
        public const string Muted = "muted";
        public const string Unblocked = "unblocked";
        public const string Unmuted = "unmuted";
    }

    /// <summary>Actor: who did it. Key: the item. Payload: content_id, content_kind, owner_id, actor_id, at (+ comment_id, parent_id, mentioned_ids).</summary>
    public static class Engagement
    {
        public const string Commented = "commented";
        public const string Replied = "replied";
        public const string Mentioned = "mentioned";

    }

    /// <summary>
    /// Payload: target_type (snake_case <c>ModerationTargetType</c>), target_id, owner_id, verdict (flag or hold),
    /// matched (the watched words found), at. Written by the item's store in the transaction that stores the text.
    /// </summary>
    public static class Moderation
    {
        public const string Flagged = "flagged";

        /// <summary>Key: the case. Payload: case_id, target_type, target_id, owner_id, action, outcome, reason, strike_id, at.</summary>
        public const string CaseResolved = "case_resolved";

        /// <summary>A strike outside any case (an admin's ban). Key: the strike. Payload: strike_id, account_id, action, reason, until, at.</summary>
        public const string Struck = "struck";

        /// <summary>Key: the appeal. Payload: appeal_id, strike_id, account_id, approved, reason, at.</summary>
        public const string AppealDecided = "appeal_decided";
    }

    /// <summary>Written by the payments domain's stores in the transaction of the change they announce.</summary>
    public static class Payments
    {
        /// <summary>Key: the item. Payload: content_id, content_kind (video, post, live_stream), creator_id, min_rank (null: open to all), at.</summary>
        public const string AccessChanged = "access_changed";

        /// <summary>Key: the payment. Payload: payment_id, payment_kind (tip, video_purchase), buyer_id, recipient_id, target_id, amount, currency, at.</summary>
        public const string Paid = "paid";
    }

    /// <summary>Written by the ads domain's store in the transaction of the change they announce.</summary>
    public static class Ads
    {
        /// <summary>Key: the settlement. Payload: settlement_id, creator_id, video_id, campaign_id, amount (the creator's
        /// share, minor units), currency, day (yyyy-MM-dd, UTC), at.</summary>
        public const string RevenueCredited = "revenue_credited";
    }
}
