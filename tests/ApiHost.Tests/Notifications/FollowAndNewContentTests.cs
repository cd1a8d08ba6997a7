using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Notifications;

/// <summary>Graph and video events are written to the outbox here as their owners' stores write them.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class FollowAndNewContentTests(NotificationsFixture fx)
{
    private string Cs => fx.Database.ConnectionString;

    private Task AppendEventAsync(string ns, Guid key, Guid actor, string kind, string payload) => fx.ExecuteAsync("""
        INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
        """, Guid.NewGuid(), ns, key, actor, kind, payload);

    [Fact]
    public async Task NewFollowers_GroupIntoOneNotification_AndARequestIsItsOwn()
    {
        var (target, targetToken) = await fx.Factory.UserAsync(Cs);
        var followers = await fx.Factory.UsersAsync(Cs, 3);
        foreach (var (id, _) in followers)
        {
            await AppendEventAsync("graph", target, id, "followed", $$"""{"actor_id":"{{id}}","target_id":"{{target}}"}""");
        }
        await AppendEventAsync("graph", target, followers[0].Id, "follow_requested", $$"""{"actor_id":"{{followers[0].Id}}","target_id":"{{target}}"}""");

        var api = fx.CreateClient();
        var follow = (await api.WaitForAsync(targetToken, "follow", n => n.Count() == 3))!.Value;
        Assert.Equal(target, follow.GetProperty("subject_id").GetGuid());
        Assert.Equal(3, follow.Actors().Count);
        Assert.NotNull(await api.WaitForAsync(targetToken, "follow_request"));
    }

    [Fact]
    public async Task AReadyPublicVideo_ReachesEveryFollowerOnce_ExceptWhoMutedTheAuthor() // 25 followers: 3 pages of 10
    {
        var (author, _) = await fx.Factory.UserAsync(Cs);
        var followers = await fx.Factory.UsersAsync(Cs, 25);
        await fx.ExecuteAsync("INSERT INTO follows (follower_id, followee_id, created_at) SELECT unnest($1::uuid[]), $2, now()",
            followers.Select(f => f.Id).ToArray(), author);
        await fx.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now())", followers[0].Id, author);
        var video = Guid.NewGuid();
        var ready = $$"""{"video_id":"{{video}}","owner_id":"{{author}}","status":"ready","visibility":"public","title":"Hello"}""";
        await AppendEventAsync("videos", video, author, "ready", ready);
        await AppendEventAsync("videos", video, author, "ready", ready); // the same news twice: still one notification each

        var api = fx.CreateClient();
        var n = (await api.WaitForAsync(followers[^1].Token, "new_content"))!.Value;
        Assert.Equal(video, n.GetProperty("item_id").GetGuid());
        Assert.Equal([author], n.Actors());
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE type = 'new_content' AND subject_id = $1", video), c => c >= 24);
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_key = $1 AND delivered_at IS NULL", video), c => c == 0);
        Assert.Equal(24L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE type = 'new_content' AND subject_id = $1", video));
        Assert.Empty(await api.ListAsync(followers[0].Token));
        // Push and email for new content are off by default: nothing queued.
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.subject_id = $1", video));
    }
}

[Collection(NotificationsCollection.Name)]
public sealed class PostMentionTests(NotificationsFixture fx)
{
    [Fact]
    public async Task AMentionInAPost_NotifiesWhoMaySeeIt_NotWhoMayNot()
    {
        var api = fx.CreateClient();
        var (_, authorTokens) = await api.SignUpAsync();
        var (seen, seenTokens) = await api.SignUpAsync();
        var (hidden, hiddenTokens) = await api.SignUpAsync();
        var open = await api.PostJsonAsync("/api/v1/posts", new { text = $"hello @{seen.Username}", visibility = "public" }, authorTokens.AccessToken);
        var secret = await api.PostJsonAsync("/api/v1/posts", new { text = $"psst @{hidden.Username}", visibility = "private" }, authorTokens.AccessToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, open.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, secret.StatusCode);
        var openId = (await open.ReadJsonAsync()).GetProperty("id").GetGuid();
        var secretId = (await secret.ReadJsonAsync()).GetProperty("id").GetGuid();

        var mention = (await api.WaitForAsync(seenTokens.AccessToken, "mention"))!.Value;
        Assert.Equal(openId, mention.GetProperty("subject_id").GetGuid());
        Assert.Equal("post", mention.GetProperty("subject_kind").GetString());
        Assert.StartsWith("hello", mention.GetProperty("text").GetString());
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_key = $1 AND delivered_at IS NULL", secretId), c => c == 0);
        Assert.Empty(await api.ListAsync(hiddenTokens.AccessToken));
    }
}

[Collection(NotificationsCollection.Name)]
public sealed class FollowEndpointNotificationTests(NotificationsFixture fx)
{
    [Fact]
    public async Task FollowingThroughTheApi_NotifiesTheFollowedAccount()
    {
        var api = fx.CreateClient();
        var (followed, followedTokens) = await api.SignUpAsync();
        var (follower, followerTokens) = await api.SignUpAsync();

        var response = await api.PostJsonAsync($"/api/v1/users/{followed.Username}/follow", new { }, followerTokens.AccessToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var n = (await api.WaitForAsync(followedTokens.AccessToken, "follow"))!.Value;
        Assert.Equal([follower.Id], n.Actors());
        Assert.Equal($"{follower.Username} started following you", n.GetProperty("title").GetString());
        Assert.Empty(await api.ListAsync(followerTokens.AccessToken));
    }
}
