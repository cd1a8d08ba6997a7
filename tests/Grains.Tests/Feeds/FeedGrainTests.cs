using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Tests.Feeds;

[Collection(ClusterCollection.Name)]
public sealed class FeedGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private IGrainFactory Grains => fixture.Grains;
    private TestGraph Graph => new(fixture.Database.DataSource, fixture.Grains);

    [Fact]
    public async Task Feed_AfterDeactivation_LoadsItsWindowFromPostgres()
    {
        var (author, follower) = (await UserAsync(), await UserAsync());
        await Graph.FollowAsync(follower, author);
        var post = await PostAsync(author, "kept");
        await FeedHoldsAsync(follower, post);

        await fixture.Cluster.GrainFactory.Ref<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal([post], await IdsAsync(follower));
    }

    [Fact]
    public async Task Feed_WithStaleOrMissingWindow_RebuildsFromFollowsAndPosts()
    {
        var (author, other, reader) = (await UserAsync(), await UserAsync(), await UserAsync());
        var first = await PostAsync(author, "one");
        var second = await PostAsync(other, "two");
        await Graph.InsertEdgeWithoutEventAsync(reader, author);
        await Graph.InsertEdgeWithoutEventAsync(reader, other);
        Assert.Equal([second, first], await IdsAsync(reader));

        // The stored window is lost and its build marked stale (a week old): the next activation rebuilds it.
        await fixture.Database.ExecuteAsync("DELETE FROM feed_entries WHERE user_id = $1", reader);
        await fixture.Database.ExecuteAsync("UPDATE feed_builds SET built_at = now() - interval '8 days' WHERE user_id = $1", reader);
        await fixture.Cluster.GrainFactory.Ref<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal([second, first], await IdsAsync(reader));
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = $1", reader));
    }

    [Fact]
    public async Task DuplicateAndRedeliveredPostEvents_LeaveEachItemOnce()
    {
        var (author, follower) = (await UserAsync(), await UserAsync());
        await Graph.FollowAsync(follower, author);
        var post = await PostAsync(author, "once");
        await FeedHoldsAsync(follower, post); // the follower's window is loaded: later pushes reach its memory

        // The same event again after its consumer was collected (so no in-memory dedupe), and a second event for the same post.
        await fixture.Cluster.GrainFactory.Ref<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await IdsAsync(follower);
        await fixture.Database.ExecuteAsync(
            "UPDATE outbox_events SET delivered_at = NULL, lease_until = NULL WHERE stream_key = $1 AND kind = 'created'", post);
        await AppendAsync(EventStreams.Posts, post, author, EventKinds.Post.Created);
        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_key = $1 AND delivered_at IS NULL", post) == 0, Within, "both events handled");

        Assert.Equal([post], await IdsAsync(follower));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = $1", follower));
    }

    [Fact]
    public async Task Video_EntersFeedsWhenReadyAndPublic_LeavesWhenUnlisted()
    {
        var (owner, follower) = (await UserAsync(), await UserAsync());
        await Graph.FollowAsync(follower, owner);
        var video = Guid.CreateVersion7();
        await fixture.Database.ExecuteAsync("""
            INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, created_at, ready_at, duration_seconds, version, state)
            VALUES ($1, $2, 'A clip', 'public', 'ready', 1000, now(), now(), 12.5, 1, '\x00')
            """, video, owner);
        await AppendAsync(EventStreams.Videos, video, owner, EventKinds.Video.Ready);

        await FeedHoldsAsync(follower, video);
        var card = Assert.Single((await Grains.Ref<IFeedGrain>(follower).ReadAsync(null, 10)).Items);
        Assert.Equal((FeedItemKind.Video, "A clip", 12.5), (card.Kind, card.Title, card.DurationSeconds));

        await fixture.Database.ExecuteAsync("UPDATE videos SET visibility = 'unlisted' WHERE id = $1", video);
        await AppendAsync(EventStreams.Videos, video, owner, EventKinds.Video.Updated);
        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM feed_entries WHERE item_id = $1 AND user_id = ANY($2)", video, new[] { owner, follower }) == 0, Within, "the video removed");
        // The fan-out deletes the rows first and tells the feed grains after: the follower's grain may hear it a moment later.
        await Eventually.HoldsAsync(async () => (await IdsAsync(follower)).Count == 0, Within, "the follower's feed without the video");
        Assert.Empty(await IdsAsync(follower));
    }

    [Fact]
    public async Task ReusedFirstPage_GivesWayAtOnceToAPushOrARemoval()
    {
        var (author, follower) = (await UserAsync(), await UserAsync());
        await Graph.FollowAsync(follower, author);
        var first = await PostAsync(author, "first");
        await FeedHoldsAsync(follower, first);
        // The follow's and the post's events are handled (a graph event refreshes the feed, which would reload it),
        // then the loaded feed renders its first page, reused for FirstPageReuse (2 s).
        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL") == 0, Within, "every event handled");
        Assert.Equal([first], await IdsAsync(follower));

        // A post the fan-out does not know of (no event), pushed by hand: the next read must not be the reused page.
        var pushed = Guid.CreateVersion7();
        var at = await fixture.Database.ScalarAsync<DateTime>(
            "INSERT INTO posts (id, author_id, text, visibility, created_at) VALUES ($1, $2, 'pushed', 'public', now()) RETURNING created_at", pushed, author);
        var feed = Grains.Ref<IFeedGrain>(follower);
        await feed.PushAsync(new FeedEntry(pushed, FeedItemKind.Post, author, new DateTimeOffset(at, TimeSpan.Zero)));
        Assert.Equal([pushed, first], await IdsAsync(follower));

        await feed.RemoveAsync(pushed);
        Assert.Equal([first], await IdsAsync(follower));
    }

    private async Task<Guid> UserAsync() => (await Grains.RegisterAsync()).User.Id;

    private async Task<Guid> PostAsync(Guid author, string text)
    {
        var id = Guid.CreateVersion7();
        var result = await Grains.Ref<IPostGrain>(id).CreateAsync(author, new PostDraft(text, Visibility.Public, []));
        Assert.Equal(PostStatus.Ok, result.Status);
        return id;
    }

    private async Task<List<Guid>> IdsAsync(Guid user) =>
        [.. (await Grains.Ref<IFeedGrain>(user).ReadAsync(null, 50)).Items.Select(i => i.Id)];

    private Task FeedHoldsAsync(Guid user, Guid item) =>
        Eventually.HoldsAsync(async () => (await IdsAsync(user)).Contains(item), Within, $"{item} in the feed of {user}");

    private async Task AppendAsync(string streamNamespace, Guid key, Guid actor, string kind)
    {
        await using var tx = await Tx.BeginAsync(fixture.Database.DataSource);
        await EventOutbox.AppendAsync(tx, streamNamespace, key, actor, kind, new { });
        await tx.CommitAsync();
    }
}
