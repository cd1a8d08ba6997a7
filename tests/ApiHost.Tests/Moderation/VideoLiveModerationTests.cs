using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Videos;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>Moderators' actions on videos and live streams.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoLiveModerationTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<Guid> ReadyVideoAsync(Guid owner, string title) =>
        api.RecordedAsync(owner, new NewVideo(title, "about it", [], VideoVisibility.Public, 1000));

    [Fact]
    public async Task RemovedVideo_OwnerOnly_LeavesThePublicFeedAndLists_RestoreBringsItBack()
    {
        var (owner, o) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (moderator, _) = await _client.SignUpAsync();
        var id = await ReadyVideoAsync(owner.Id, "clip");
        Assert.Contains(id, await _client.ItemIdsAsync("/api/v1/videos/feed?limit=100", other.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/videos/{id}/like", new { }, other.AccessToken)).StatusCode);

        var item = await api.Grains.Ref<IVideoGrain>(id).ModerateAsync(ContentAction.Remove, Moderator(moderator.Id), "copyright");

        Assert.Equal((ModerationTargetType.Video, ContentStanding.Removed, "clip", $"/api/v1/videos/{id}/thumbnails/0.jpg"),
            (item!.Type, item.Standing, item.Title!, item.ThumbnailUrl!));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/videos/{id}", other.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/videos/{id}", null));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/videos/{id}/like", new { }, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/videos/{id}/comments", other.AccessToken));
        Assert.DoesNotContain(id, await _client.ItemIdsAsync("/api/v1/videos/feed?limit=100", other.AccessToken));
        Assert.DoesNotContain(id, await _client.ItemIdsAsync($"/api/v1/users/{owner.Username}/videos", other.AccessToken));
        var own = await _client.OkJsonAsync($"/api/v1/videos/{id}", o.AccessToken);
        Assert.Equal("removed", own.GetProperty("moderation").GetProperty("standing").GetString());
        Assert.Equal("copyright", own.GetProperty("moderation").GetProperty("reason").GetString());
        var ownList = (await _client.OkJsonAsync($"/api/v1/users/{owner.Username}/videos", o.AccessToken)).GetProperty("items")[0];
        Assert.Equal("removed", ownList.GetProperty("moderation").GetProperty("standing").GetString());
        Assert.Equal(1, await api.AuditCountAsync(id));

        await api.Grains.Ref<IVideoGrain>(id).ModerateAsync(ContentAction.Restore, Moderator(moderator.Id), "");
        await api.Grains.Ref<IVideoGrain>(id).ModerateAsync(ContentAction.MarkSensitive, Moderator(moderator.Id), "");
        var back = await _client.OkJsonAsync($"/api/v1/videos/{id}", other.AccessToken);
        Assert.True(back.GetProperty("sensitive").GetBoolean());
        Assert.False(back.TryGetProperty("moderation", out _));
        Assert.Contains(id, await _client.ItemIdsAsync("/api/v1/videos/feed?limit=100", null));
        Assert.Equal(3, await api.AuditCountAsync(id));
        Assert.Null(await api.Grains.Ref<IVideoGrain>(Guid.NewGuid()).GetModeratedItemAsync());
    }

    [Fact]
    public async Task RemovedLiveStream_EndsIt_AndOnlyItsOwnerStillSeesIt()
    {
        var (owner, o) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (moderator, _) = await _client.SignUpAsync();
        var id = Guid.CreateVersion7();
        var stream = api.Grains.Ref<ILiveStreamGrain>(id);
        var created = await stream.CreateAsync(owner.Id, new LiveStreamDraft("on air", "live now", Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));
        Assert.Contains(id, await _client.ItemIdsAsync("/api/v1/live?limit=100", other.AccessToken));

        var item = await stream.ModerateAsync(ContentAction.Remove, Moderator(moderator.Id), "violence");

        Assert.Equal((ModerationTargetType.LiveStream, ContentStanding.Removed, "on air"), (item!.Type, item.Standing, item.Title!));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/live/{id}", other.AccessToken));
        Assert.DoesNotContain(id, await _client.ItemIdsAsync("/api/v1/live?limit=100", other.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/live/{id}/chat", new { text = "hi" }, other.AccessToken)).StatusCode);
        var own = await _client.OkJsonAsync($"/api/v1/live/{id}", o.AccessToken);
        Assert.Equal("ended", own.GetProperty("state").GetString());
        Assert.Equal("removed", own.GetProperty("moderation").GetProperty("standing").GetString());
        Assert.Equal(PublishDecision.Ended, await stream.StartPublishingAsync(created.StreamKey, "client-2"));
        Assert.Equal(1, await api.AuditCountAsync(id));
    }
}
