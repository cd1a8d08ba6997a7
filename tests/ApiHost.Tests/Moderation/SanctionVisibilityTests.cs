using System.Net;
using Npgsql;
using SocialFlow.ApiHost.Tests.Feeds;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>Where a limited or suspended account's things stop appearing: discovery lists, others' feeds, live now.</summary>
[Collection(ApiCollection.Name)]
public sealed class SanctionVisibilityTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task VideoFeed_LeavesOutLimitedAndSuspendedOwners_WhileALimitedOwnersListStillShowsThem()
    {
        var (limited, _) = await _client.SignUpAsync();
        var (suspended, _) = await _client.SignUpAsync();
        var (_, viewerTokens) = await _client.SignUpAsync();
        var limitedVideo = await ReadyVideoAsync(limited.Id);
        var suspendedVideo = await ReadyVideoAsync(suspended.Id);
        var before = await FeedVideosAsync();
        Assert.Contains(limitedVideo, before);
        Assert.Contains(suspendedVideo, before);

        await Sanction(limited, AccountAction.Limit);
        await Sanction(suspended, AccountAction.Suspend);

        var feed = await FeedVideosAsync();
        Assert.DoesNotContain(limitedVideo, feed);
        Assert.DoesNotContain(suspendedVideo, feed);
        Assert.Contains(limitedVideo, await IdsAsync($"/api/v1/users/{limited.Username}/videos", viewerTokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/videos/{limitedVideo}/counts", viewerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/videos/{suspendedVideo}/counts", viewerTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/videos/{suspendedVideo}/counts")).StatusCode);
    }

    [Fact]
    public async Task LiveNow_LeavesOutALimitedOwnersStream()
    {
        var (owner, _) = await _client.SignUpAsync();
        var (_, viewerTokens) = await _client.SignUpAsync();
        var stream = await LiveAsync(owner.Id);
        Assert.Contains(stream, await IdsAsync("/api/v1/live?limit=100", viewerTokens.AccessToken));

        await Sanction(owner, AccountAction.Limit);

        Assert.DoesNotContain(stream, await IdsAsync("/api/v1/live?limit=100", viewerTokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/live/{stream}", viewerTokens.AccessToken)).StatusCode);
        await api.Grains.Ref<ILiveStreamGrain>(stream).EndAsync(owner.Id);
    }

    [Fact]
    public async Task HomeFeed_AFollowerStillSeesALimitedAuthor_ButNotASuspendedOne()
    {
        var (author, authorTokens) = await _client.SignUpAsync();
        var (_, followerTokens) = await _client.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{author.Username}/follow", new { }, followerTokens.AccessToken)).StatusCode);
        var post = (await _client.CreatePostAsync(authorTokens.AccessToken, "for my followers")).GetProperty("id").GetGuid();
        Assert.Contains(post, await _client.HomeIdsWhenAsync(followerTokens.AccessToken, ids => ids.Contains(post)));

        await Sanction(author, AccountAction.Limit);
        Assert.Contains(post, await _client.HomeIdsAsync(followerTokens.AccessToken));

        await Sanction(author, AccountAction.Suspend);
        Assert.DoesNotContain(post, await _client.HomeIdsWhenAsync(followerTokens.AccessToken, ids => !ids.Contains(post)));

        await Sanction(author, AccountAction.Unsuspend);
        Assert.Contains(post, await _client.HomeIdsWhenAsync(followerTokens.AccessToken, ids => ids.Contains(post)));
    }

    private Task Sanction(TestUser user, AccountAction action) =>
        api.Grains.Ref<IUserGrain>(user.Id).SanctionAsync(action, null, AuditActor.CommandLine, "test");

    private async Task<List<Guid>> FeedVideosAsync() => await IdsAsync("/api/v1/videos/feed?limit=100", null);

    private async Task<List<Guid>> IdsAsync(string url, string? bearer)
    {
        var response = bearer is null ? await _client.GetAsync(url) : await _client.GetAsync(url, bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    /// <summary>A ready public video without transcoding, as the paging tests seed them.</summary>
    private async Task<Guid> ReadyVideoAsync(Guid owner)
    {
        var id = Guid.CreateVersion7();
        await using var db = NpgsqlDataSource.Create(api.Database.ConnectionString);
        await using var cmd = db.CreateCommand("""
            INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, duration_seconds, width, height, created_at, ready_at, version, state)
            VALUES ($1, $2, 'seeded', 'public', 'ready', 1000, 1, 320, 240, now(), now(), 1, '\x00')
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = owner });
        await cmd.ExecuteNonQueryAsync();
        await api.Grains.Ref<IContentGrain>(id).PublishAsync(new ContentInfo(id, ContentKind.Video, owner, Visibility.Public, null, DateTimeOffset.UtcNow));
        return id;
    }

    private async Task<Guid> LiveAsync(Guid owner)
    {
        var id = Guid.CreateVersion7();
        var stream = api.Grains.Ref<ILiveStreamGrain>(id);
        var created = await stream.CreateAsync(owner, new LiveStreamDraft("on air", null, Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));
        return id;
    }
}
