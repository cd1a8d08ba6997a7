using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Analysis;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Videos;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Analysis;

/// <summary>
/// New text is scored after it is stored (the author's 2xx never waits for it): over the toxicity hold threshold the
/// item is held and its case carries the scores; benign text is scored and left alone. Posts, comments, video titles
/// and chat messages.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContentScoringTests(ApiFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private const string Toxic = "shut up you stupid asshole, nobody wants your garbage";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ToxicComment_IsHeld_AndAppearsInTheQueueWithItsScores()
    {
        var (author, commenter) = (await UserAsync(), await UserAsync());
        var post = (await _client.CreatePostAsync(author.Token, "my trip to the beach")).GetProperty("id").GetGuid();
        var comment = await _client.CommentAsync(commenter.Token, $"/api/v1/posts/{post}", Toxic);
        Assert.False(comment.TryGetProperty("moderation", out _)); // answered visible: analysis comes after
        var commentId = comment.GetProperty("id").GetGuid();

        await HeldAsync(commentId, () => _client.StatusAsync($"/api/v1/comments/{commentId}", author.Token));
        var item = await QueueItemAsync(commentId);

        Assert.True(item.GetProperty("held").GetBoolean());
        Assert.Contains("model:toxicity", item.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var scores = item.GetProperty("scores");
        Assert.True(scores.GetProperty("toxicity").GetDouble() >= 0.9, scores.ToString());
        Assert.Equal(("en", true, true), (scores.GetProperty("language").GetString(), scores.GetProperty("flagged").GetBoolean(), scores.GetProperty("held").GetBoolean()));
        Assert.True(item.GetProperty("priority").GetDouble() > 0);
        Assert.Equal(1, await api.AuditCountAsync(commentId)); // the hold, audited as content analysis
        Assert.Equal("content-analysis", await api.Database.ScalarAsync<string>(
            "SELECT request_id FROM audit_log WHERE action = 'content.moderated' AND target_id = $1", commentId.ToString()));
    }

    [Fact]
    public async Task BenignComment_IsScored_NotFlaggedOrHeld()
    {
        var (author, commenter) = (await UserAsync(), await UserAsync());
        var post = (await _client.CreatePostAsync(author.Token, "my trip to the beach")).GetProperty("id").GetGuid();
        var commentId = (await _client.CommentAsync(commenter.Token, $"/api/v1/posts/{post}", "what a lovely place, thanks for sharing")).GetProperty("id").GetGuid();

        var toxicity = await Eventually.ValueAsync(() => ToxicityAsync(commentId), t => t is not null, Within);

        Assert.NotNull(toxicity);
        Assert.True(toxicity < 0.5, $"toxicity {toxicity}");
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/comments/{commentId}", author.Token));
        Assert.Equal(0, await api.Database.ScalarAsync<long>("SELECT count(*) FROM moderation_cases WHERE target_id = $1", commentId));
    }

    [Fact]
    public async Task ToxicPost_IsHeld_ReScoringTheSameTextChangesNothing()
    {
        var (author, other) = (await UserAsync(), await UserAsync());
        var post = (await _client.CreatePostAsync(author.Token, Toxic)).GetProperty("id").GetGuid();

        await HeldAsync(post, () => _client.StatusAsync($"/api/v1/posts/{post}", other.Token));
        var before = await QueueItemAsync(post);
        // A re-delivered event: the same text is already scored, so nothing is held, flagged or audited again.
        var handler = api.Factory.Services.GetServices<IDomainEventHandler>().OfType<PostScoringHandler>().Single();
        await handler.HandleAsync(new DomainEvent(Guid.NewGuid(), 0, EventKinds.Post.Created, post, author.Id, DateTimeOffset.UtcNow, "{}"));

        var after = await QueueItemAsync(post);
        Assert.Equal(before.GetProperty("priority").GetDouble(), after.GetProperty("priority").GetDouble());
        Assert.Equal(1, await api.AuditCountAsync(post));
    }

    [Fact]
    public async Task ToxicVideoTitle_HoldsTheVideo()
    {
        var owner = await UserAsync();
        var created = await _client.PostJsonAsync("/api/v1/videos", new { title = "you stupid asshole", visibility = "public", size = 1000 }, owner.Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var video = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        await Eventually.HoldsAsync(async () => (await api.Grains.Ref<IVideoGrain>(video).GetModeratedItemAsync())!.Standing == ContentStanding.Held,
            Within, "the video held");
        Assert.True((await QueueItemAsync(video)).GetProperty("scores").GetProperty("toxicity").GetDouble() >= 0.9);
    }

    [Fact]
    public async Task ToxicChatMessage_IsHeld_BenignOneIsOnlyScored()
    {
        var (owner, viewer) = (await UserAsync(), await UserAsync());
        var streamId = Guid.CreateVersion7();
        var stream = api.Grains.Ref<ILiveStreamGrain>(streamId);
        var created = await stream.CreateAsync(owner.Id, new LiveStreamDraft("chat", null, Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));

        var toxic = await SendAsync(streamId, viewer.Token, Toxic);
        var benign = await SendAsync(streamId, viewer.Token, "great stream, greetings from the city");

        await Eventually.HoldsAsync(async () => (await api.Grains.Ref<ILiveRoomGrain>(streamId).GetModeratedMessageAsync(toxic))!.Standing == ContentStanding.Held,
            Within, "the toxic message held");
        var item = await QueueItemAsync(toxic);
        Assert.True(item.GetProperty("scores").GetProperty("toxicity").GetDouble() >= 0.9);
        Assert.NotNull(await Eventually.ValueAsync(() => ToxicityAsync(benign), t => t is not null, Within));
        Assert.Equal(ContentStanding.Visible, (await api.Grains.Ref<ILiveRoomGrain>(streamId).GetModeratedMessageAsync(benign))!.Standing);
    }

    private Task<(Guid Id, string Token)> UserAsync() => api.Factory.UserAsync(api.Database.ConnectionString);

    private async Task<Guid> SendAsync(Guid streamId, string token, string text)
    {
        var sent = await _client.PostJsonAsync($"/api/v1/live/{streamId}/chat", new { text }, token);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return Guid.Parse((await sent.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    private Task<double?> ToxicityAsync(Guid id) =>
        api.Database.ScalarAsync<double?>("SELECT toxicity FROM content_scores WHERE target_id = $1", id);

    /// <summary>Waits until others get 404 for the item (held).</summary>
    private static Task HeldAsync(Guid id, Func<Task<HttpStatusCode>> othersView) =>
        Eventually.HoldsAsync(async () => await othersView() == HttpStatusCode.NotFound, Within, $"{id} held");

    /// <summary>The item's open case, as a moderator reads it from the queue.</summary>
    private async Task<JsonElement> QueueItemAsync(Guid targetId)
    {
        var caseId = await Eventually.ValueAsync(
            () => api.Database.ScalarAsync<Guid?>("SELECT id FROM moderation_cases WHERE target_id = $1 AND status = 'open'", targetId), c => c is not null, Within);
        var moderator = await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "moderator");
        return await _client.OkJsonAsync($"/api/v1/moderation/queue/{caseId}", moderator);
    }
}
