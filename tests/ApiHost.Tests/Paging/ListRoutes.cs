using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Feeds;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Notifications;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests.Paging;

/// <summary>A list route with <see cref="Seeded"/> items visible to <see cref="Token"/>'s user; <see cref="Key"/> picks an item's id out of its JSON.</summary>
public sealed record SeededList(string Url, string Token, Func<JsonElement, Guid> Key, IReadOnlyList<Guid> Seeded);

/// <summary>
/// Every list route of the API, each with a way to put <see cref="Count"/> fresh items in front of a fresh caller. Users
/// come from <see cref="Seed.NamedUsersAsync"/>; items through the API where that is quick, else through the grain or
/// table that owns them (live streams going live, videos without transcoding, system notifications).
/// </summary>
public sealed class ListRoutes(ApiFixture fixture)
{
    public const int Count = 5;

    public static readonly string[] Names =
    [
        "user_posts", "hashtag_posts", "video_comments", "post_comments", "comment_replies", "home_feed", "followers", "following",
        "follow_requests", "likes", "bookmarks", "notifications", "live_directory", "chat_replay", "video_feed", "user_videos",
        "blocks", "mutes", "my_reports", "moderation_queue", "my_strikes", "pending_appeals", "audit_log", "admin_users",
        "admin_content", "search", "search_newest", "search_users", "search_hashtags", "payment_history", "ad_campaigns",
        "analytics_reports", "for_you",
    ];

    private readonly HttpClient _client = fixture.CreateClient();
    private IGrainFactory Grains => fixture.Factory.Services.GetRequiredService<IGrainFactory>();

    public Task<SeededList> SeedAsync(string name) => name switch
    {
        "user_posts" => UserPostsAsync(),
        "hashtag_posts" => HashtagPostsAsync(),
        "video_comments" => CommentsAsync(video: true),
        "post_comments" => CommentsAsync(video: false),
        "comment_replies" => RepliesAsync(),
        "home_feed" => HomeFeedAsync(),
        "followers" => EdgesAsync(u => $"/api/v1/users/{u}/followers", inbound: true, "follow"),
        "following" => EdgesAsync(u => $"/api/v1/users/{u}/following", inbound: false, "follow"),
        "follow_requests" => FollowRequestsAsync(),
        "likes" => LikesAsync(),
        "bookmarks" => BookmarksAsync(),
        "notifications" => NotificationsAsync(),
        "live_directory" => LiveDirectoryAsync(),
        "chat_replay" => ChatReplayAsync(),
        "video_feed" => VideosAsync(_ => "/api/v1/videos/feed"),
        "user_videos" => VideosAsync(u => $"/api/v1/users/{u}/videos"),
        "blocks" => EdgesAsync(_ => "/api/v1/users/me/blocks", inbound: false, "block"),
        "mutes" => EdgesAsync(_ => "/api/v1/users/me/mutes", inbound: false, "mute"),
        "my_reports" => MyReportsAsync(),
        "moderation_queue" => QueueAsync(),
        "my_strikes" => StrikesAsync(appeal: false),
        "pending_appeals" => StrikesAsync(appeal: true),
        "audit_log" => AuditLogAsync(),
        "admin_users" => AdminUsersAsync(),
        "admin_content" => AdminContentAsync(),
        "search" => SearchAsync("relevance"),
        "search_newest" => SearchAsync("newest"),
        "search_users" => SearchUsersAsync(),
        "search_hashtags" => SearchHashtagsAsync(),
        "payment_history" => PaymentHistoryAsync(),
        "ad_campaigns" => AdCampaignsAsync(),
        "analytics_reports" => AnalyticsReportsAsync(),
        "for_you" => ForYouAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a list route of this table"),
    };

    private static Guid Id(JsonElement item) => item.GetProperty("id").GetGuid();

    /// <summary>The For-you feed: the caller follows an account with the seeded items (other items may come between them).</summary>
    private async Task<SeededList> ForYouAsync()
    {
        var users = await UsersAsync(2);
        var (viewer, author) = (users[0], users[1]);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{author.Username}/follow", null, viewer.Token)).StatusCode);
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++) ids.Add(await fixture.Factory.ItemAsync(author.Id));
        return new("/api/v1/feed/for-you", viewer.Token, Id, ids);
    }

    private Task<List<(Guid Id, string Username, string Token)>> UsersAsync(int count) =>
        fixture.Factory.NamedUsersAsync(fixture.Database.ConnectionString, count);

    private async Task<List<Guid>> PostsAsync(string token, Func<int, string> text)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++) ids.Add(Id(await _client.CreatePostAsync(token, text(i))));
        return ids;
    }

    private async Task<SeededList> UserPostsAsync()
    {
        var (_, name, token) = (await UsersAsync(1))[0];
        return new($"/api/v1/users/{name}/posts", token, Id, await PostsAsync(token, i => $"post {i}"));
    }

    /// <summary>A fresh author's posts with a word of their own, found by searching for it once the index has them.</summary>
    private async Task<SeededList> SearchAsync(string sort)
    {
        var (_, _, token) = (await UsersAsync(1))[0];
        var word = "pg" + Guid.NewGuid().ToString("N")[..10];
        var url = $"/api/v1/search?q={word}&sort={sort}";
        var ids = await PostsAsync(token, i => $"{word} post {i}");
        await Eventually.ValueAsync(async () => (await (await _client.GetAsync(url + "&limit=100", token)).ReadJsonAsync()).GetProperty("items").GetArrayLength(),
            n => n == Count, TimeSpan.FromSeconds(10));
        return new(url, token, Id, ids);
    }

    /// <summary>Fresh accounts whose display names share a word, found by it.</summary>
    private async Task<SeededList> SearchUsersAsync()
    {
        var users = await UsersAsync(Count);
        var word = "pu" + Guid.NewGuid().ToString("N")[..10];
        foreach (var (_, _, token) in users)
        {
            await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = $"Someone {word}" }, token);
        }
        return new($"/api/v1/search/users?q={word}", users[0].Token, Id, [.. users.Select(u => u.Id)]);
    }

    /// <summary>Hashtags sharing a prefix, one post each, found by it once indexed; a hashtag's key is a hash of its text.</summary>
    private async Task<SeededList> SearchHashtagsAsync()
    {
        var (_, _, token) = (await UsersAsync(1))[0];
        var prefix = "ph" + Guid.NewGuid().ToString("N")[..10];
        await PostsAsync(token, i => $"#{prefix}x{i}");
        var url = $"/api/v1/search/hashtags?q={prefix}";
        await Eventually.ValueAsync(async () => (await (await _client.GetAsync(url + "&limit=100", token)).ReadJsonAsync()).GetProperty("items").GetArrayLength(),
            n => n == Count, TimeSpan.FromSeconds(10));
        return new(url, token, TagKey, [.. Enumerable.Range(0, Count).Select(i => TagKey($"{prefix}x{i}"))]);
    }

    private static Guid TagKey(JsonElement hashtag) => TagKey(hashtag.GetProperty("tag").GetString()!);

    private static Guid TagKey(string tag) => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(tag)));

    /// <summary>A fresh author's posts, as a moderator reads them in the admin content console (filtered to that author).</summary>
    private async Task<SeededList> AdminContentAsync()
    {
        var (_, name, token) = (await UsersAsync(1))[0];
        var moderator = await fixture.Factory.GrantRoleAsync(token, "moderator");
        return new($"/api/v1/admin/content?author={name}", moderator, Id, await PostsAsync(token, i => $"post {i}"));
    }

    private async Task<SeededList> HashtagPostsAsync()
    {
        var (_, _, token) = (await UsersAsync(1))[0];
        var tag = "t" + Guid.NewGuid().ToString("N")[..12];
        return new($"/api/v1/hashtags/{tag}/posts", token, Id, await PostsAsync(token, i => $"post {i} #{tag}"));
    }

    private async Task<SeededList> CommentsAsync(bool video)
    {
        var (owner, _, token) = (await UsersAsync(1))[0];
        var item = video ? $"/api/v1/videos/{await fixture.Factory.ItemAsync(owner)}" : $"/api/v1/posts/{Id(await _client.CreatePostAsync(token, "a post"))}";
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++) ids.Add(Id(await _client.CommentAsync(token, item, $"comment {i}")));
        return new($"{item}/comments", token, Id, ids);
    }

    private async Task<SeededList> RepliesAsync()
    {
        var (_, _, token) = (await UsersAsync(1))[0];
        var post = $"/api/v1/posts/{Id(await _client.CreatePostAsync(token, "a post"))}";
        var parent = Id(await _client.CommentAsync(token, post, "a comment"));
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++) ids.Add(Id(await _client.CommentAsync(token, post, $"reply {i}", parent)));
        return new($"/api/v1/comments/{parent}/replies", token, Id, ids);
    }

    /// <summary>The caller's own posts: fan-out is asynchronous, so this waits until the feed shows them all.</summary>
    private async Task<SeededList> HomeFeedAsync()
    {
        var (_, _, token) = (await UsersAsync(1))[0];
        var ids = await PostsAsync(token, i => $"post {i}");
        var seen = await _client.HomeIdsWhenAsync(token, feed => ids.All(feed.Contains));
        Assert.True(ids.All(seen.Contains), "the home feed never showed the seeded posts");
        return new("/api/v1/feed/home", token, Id, ids);
    }

    /// <summary>Followers: others act on the caller (inbound); following, blocks, mutes: the caller acts on others.</summary>
    private async Task<SeededList> EdgesAsync(Func<string, string> url, bool inbound, string action)
    {
        var users = await UsersAsync(Count + 1);
        var (_, name, token) = users[0];
        foreach (var other in users.Skip(1))
        {
            var (actor, target) = inbound ? (other.Token, name) : (token, other.Username);
            Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{target}/{action}", new { }, actor)).StatusCode);
        }
        return new(url(name), token, Id, [.. users.Skip(1).Select(u => u.Id)]);
    }

    /// <summary>An admin's search for accounts sharing a display name no other test uses.</summary>
    private async Task<SeededList> AdminUsersAsync()
    {
        var users = await UsersAsync(Count + 1);
        var admin = await fixture.Factory.GrantRoleAsync(users[0].Token, "admin");
        var marker = "dn" + Guid.NewGuid().ToString("N")[..12];
        foreach (var (id, _, _) in users.Skip(1))
        {
            await Grains.Ref<IUserGrain>(id).UpdateProfileAsync(new ProfilePatch($"Name {marker}", null, null, null, null));
        }
        return new($"/api/v1/admin/users?query={marker}&sort=username", admin, Id, [.. users.Skip(1).Select(u => u.Id)]);
    }

    private async Task<SeededList> FollowRequestsAsync()
    {
        var users = await UsersAsync(Count + 1);
        var (_, name, token) = users[0];
        var preferences = new { theme = "system", autoplay = true, playback_quality = "auto", email_notifications = true, push_notifications = true, private_account = true };
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/preferences", preferences, token)).StatusCode);
        foreach (var requester in users.Skip(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{name}/follow", new { }, requester.Token)).StatusCode);
        }
        return new("/api/v1/follow-requests", token, Id, [.. users.Skip(1).Select(u => u.Id)]);
    }

    private async Task<SeededList> LikesAsync()
    {
        var users = await UsersAsync(Count + 1);
        var item = await fixture.Factory.ItemAsync(users[0].Id);
        foreach (var liker in users.Skip(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{item}/like", null, liker.Token)).StatusCode);
        }
        return new($"/api/v1/videos/{item}/likes", users[0].Token, i => i.GetProperty("user_id").GetGuid(), [.. users.Skip(1).Select(u => u.Id)]);
    }

    private async Task<SeededList> BookmarksAsync()
    {
        var users = await UsersAsync(2);
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++)
        {
            var item = await fixture.Factory.ItemAsync(users[1].Id);
            Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{item}", null, users[0].Token)).StatusCode);
            ids.Add(item);
        }
        return new("/api/v1/users/me/bookmarks", users[0].Token, i => i.GetProperty("content_id").GetGuid(), ids);
    }

    /// <summary>System notifications, as the admin endpoint makes them: distinct subjects, so none is grouped with another.</summary>
    private async Task<SeededList> NotificationsAsync()
    {
        var users = await UsersAsync(2);
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++)
        {
            var id = Guid.CreateVersion7();
            await Grains.Ref<INotificationGrain>(users[0].Id).ApplyAsync(
                new NotificationInput(id, NotificationType.System, users[1].Id, id, "system", null, Text: $"notice {i}"));
            ids.Add(id);
        }
        return new("/api/v1/notifications", users[0].Token, i => i.GetProperty("subject_id").GetGuid(), ids);
    }

    /// <summary>Streams gone live as the RTMP callback makes them (the grain call behind it).</summary>
    private async Task<Guid> LiveStreamAsync(Guid owner)
    {
        var id = Guid.CreateVersion7();
        var stream = Grains.Ref<ILiveStreamGrain>(id);
        var created = await stream.CreateAsync(owner, new LiveStreamDraft("on air", null, Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));
        return id;
    }

    private async Task<SeededList> LiveDirectoryAsync()
    {
        var users = await UsersAsync(Count + 1);
        var ids = new List<Guid>();
        foreach (var owner in users.Skip(1)) ids.Add(await LiveStreamAsync(owner.Id));
        return new("/api/v1/live", users[0].Token, Id, ids);
    }

    /// <summary>One message from each of five users (the room allows a user 3 messages per 2 s).</summary>
    private async Task<SeededList> ChatReplayAsync()
    {
        var users = await UsersAsync(Count + 1);
        var stream = await LiveStreamAsync(users[0].Id);
        var ids = new List<Guid>();
        foreach (var sender in users.Skip(1))
        {
            var sent = await _client.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "hello" }, sender.Token);
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            ids.Add(Id(await sent.ReadJsonAsync()));
        }
        return new($"/api/v1/live/{stream}/chat", users[0].Token, Id, ids);
    }

    /// <summary>Ready public videos written as rows, as the video grain leaves them after transcoding: the lists read only the columns.</summary>
    private async Task<SeededList> VideosAsync(Func<string, string> url)
    {
        var (owner, name, token) = (await UsersAsync(1))[0];
        var ids = Enumerable.Range(0, Count).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var db = NpgsqlDataSource.Create(fixture.Database.ConnectionString);
        await using var cmd = db.CreateCommand("""
            INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, duration_seconds, width, height, created_at, ready_at, version, state)
            SELECT id, $2, 'seeded', 'public', 'ready', 1000, 1, 320, 240, now() - n * interval '1 second', now() - n * interval '1 second', 1, '\x00'
            FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        cmd.Parameters.Add(new NpgsqlParameter { Value = owner });
        await cmd.ExecuteNonQueryAsync();
        return new(url(name), token, Id, ids);
    }

    /// <summary>Users the caller reports: each report's own id.</summary>
    /// <summary>A buyer's payments, written straight to the payments table (the default profile has no Stripe stand-in;
    /// the payments profile's tests pay through it). Equal times, so the id breaks every tie.</summary>
    private async Task<SeededList> PaymentHistoryAsync()
    {
        var users = await UsersAsync(2);
        var ids = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid()).ToList();
        await using var db = NpgsqlDataSource.Create(fixture.Database.ConnectionString);
        await using var cmd = db.CreateCommand("""
            INSERT INTO payments (id, buyer_id, idempotency_key, fingerprint, kind, target_id, recipient_id, payment_method, currency, amount, tax,
                                  fee, total, tax_rate, status, created_at, updated_at)
            SELECT id, $2, id::text, 'seeded', 'tip', $3, $3, 'pm_card_visa', 'usd', 100, 0, 20, 100, 0, 'failed', now(), now()
            FROM unnest($1::uuid[]) AS t(id)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = users[0].Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = users[1].Id });
        await cmd.ExecuteNonQueryAsync();
        return new("/api/v1/payments/history", users[0].Token, Id, ids);
    }

    private async Task<SeededList> AdCampaignsAsync()
    {
        var users = await UsersAsync(1);
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++)
        {
            var created = await _client.PostJsonAsync("/api/v1/ads/campaigns", new
            {
                name = $"campaign {i}", currency = "usd", total_budget = 1000, daily_budget = 100, bid_kind = "cpm", bid = 500,
                ends_at = DateTimeOffset.UtcNow.AddDays(7),
            }, users[0].Token);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(Id(await created.ReadJsonAsync()));
        }
        return new("/api/v1/ads/campaigns", users[0].Token, Id, ids);
    }

    /// <summary>Analytics reports a fresh account requested (listed pending or ready: generation runs in the background).</summary>
    private async Task<SeededList> AnalyticsReportsAsync()
    {
        var (_, _, token) = (await UsersAsync(1))[0];
        var ids = new List<Guid>();
        for (var i = 0; i < Count; i++)
        {
            var requested = await _client.PostJsonAsync("/api/v1/analytics/reports", new { days = 7 }, token);
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
            ids.Add(Id(await requested.ReadJsonAsync()));
        }
        return new("/api/v1/analytics/reports", token, Id, ids);
    }

    private async Task<SeededList> MyReportsAsync()
    {
        var users = await UsersAsync(Count + 1);
        var ids = new List<Guid>();
        foreach (var target in users.Skip(1)) ids.Add(Id(await ReportAsync(users[0].Token, target.Id, "spam")));
        return new("/api/v1/reports/mine", users[0].Token, Id, ids);
    }

    /// <summary>Accounts reported for self-harm (a reason other tests leave alone), as a moderator pages the queue.</summary>
    private async Task<SeededList> QueueAsync()
    {
        var users = await UsersAsync(Count + 1);
        foreach (var target in users.Skip(1)) await ReportAsync(users[0].Token, target.Id, "self_harm");
        var moderator = await fixture.Factory.GrantRoleAsync(users[0].Token, "moderator");
        return new("/api/v1/moderation/queue?target_type=user&reason=self_harm", moderator, i => i.GetProperty("target_id").GetGuid(),
            [.. users.Skip(1).Select(u => u.Id)]);
    }

    /// <summary>Strikes: one account reported and warned again and again; appeals: several struck accounts appeal, an admin pages them.</summary>
    private async Task<SeededList> StrikesAsync(bool appeal)
    {
        var users = await UsersAsync(Count + 2);
        var (reporter, struck) = (users[0], appeal ? users.Skip(2).ToList() : [.. Enumerable.Repeat(users[2], Count)]);
        var admin = await fixture.Factory.GrantRoleAsync(users[1].Token, "admin");
        var strikes = new List<(Guid Strike, string Token)>();
        foreach (var target in struck)
        {
            await ReportAsync(reporter.Token, target.Id, "spam");
            var queue = await (await _client.GetAsync("/api/v1/moderation/queue?target_type=user&reason=spam&limit=100", admin)).ReadJsonAsync();
            var caseId = queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("target_id").GetGuid() == target.Id).GetProperty("id").GetGuid();
            var resolved = await _client.PostJsonAsync($"/api/v1/moderation/queue/{caseId}/resolve", new { action = "warn", reason = "seeded" }, admin);
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
            var items = (await (await _client.GetAsync("/api/v1/users/me/strikes", target.Token)).ReadJsonAsync()).GetProperty("items");
            strikes.Add((Id(items[0]), target.Token));
        }
        if (!appeal) return new("/api/v1/users/me/strikes", struck[0].Token, Id, [.. strikes.Select(s => s.Strike)]);
        var appeals = new List<Guid>();
        foreach (var (strike, token) in strikes)
        {
            var filed = await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strike, text = "seeded appeal" }, token);
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            appeals.Add(Id(await filed.ReadJsonAsync()));
        }
        return new("/api/v1/moderation/appeals", admin, Id, appeals);
    }

    /// <summary>System notifications sent by a fresh admin: one audit row each, listed by that actor.</summary>
    private async Task<SeededList> AuditLogAsync()
    {
        var users = await UsersAsync(2);
        var admin = await fixture.Factory.GrantRoleAsync(users[0].Token, "admin");
        for (var i = 0; i < Count; i++)
        {
            var sent = await _client.PostJsonAsync("/api/v1/admin/notifications", new { username = users[1].Username, text = $"notice {i}" }, admin);
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        var ids = await fixture.Database.ScalarAsync<Guid[]>("SELECT array_agg(id) FROM audit_log WHERE actor_id = $1", users[0].Id);
        return new($"/api/v1/admin/audit-log?actor={users[0].Username}", admin, Id, ids!);
    }

    private async Task<JsonElement> ReportAsync(string token, Guid user, string reason)
    {
        var response = await _client.PostJsonAsync("/api/v1/reports", new { target_type = "user", target_id = user, reason }, token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
