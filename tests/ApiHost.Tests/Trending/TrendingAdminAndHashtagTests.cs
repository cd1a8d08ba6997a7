using System.Net;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Trending;

/// <summary>Hashtags against their usual level, and the admins' hiding of trends.</summary>
[Collection(TrendingCollection.Name)]
public sealed class TrendingAdminAndHashtagTests(TrendingFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Hashtag_TrendsOnTodaysDistinctAccounts_AgainstItsUsualLevel()
    {
        var m = Guid.NewGuid().ToString("N")[..8];
        var (usual, fresh, solo) = ($"usual{m}", $"fresh{m}", $"solo{m}");
        // The usual tag: 3 accounts a day on each of the 28 days before today.
        for (var day = 2; day <= 29; day++)
        {
            for (var n = 0; n < 3; n++)
            {
                await api.Database.ExecuteAsync("INSERT INTO trending_tag_uses (tag, post_id, account_id, used_at) VALUES ($1, $2, $3, now() - make_interval(days => $4))",
                    usual, Guid.NewGuid(), Guid.NewGuid(), day);
            }
        }
        for (var n = 0; n < 3; n++)
        {
            var (_, t) = await _client.SignUpAsync();
            await _client.CreatePostAsync(t.AccessToken, $"today #{usual} and #{fresh}");
        }
        var (_, one) = await _client.SignUpAsync();
        for (var n = 0; n < 4; n++) await _client.CreatePostAsync(one.AccessToken, $"again and again #{solo}");

        // Until every post is counted: the three tags can all show while a post's event is still on its way (a clean
        // clone once read the usual and fresh tags with 2 accounts each).
        var tags = await Eventually.ValueAsync(() => Tags("24h"),
            l => l.Count(t => t.Tag.EndsWith(m)) == 3 && l.Where(t => t.Tag == usual || t.Tag == fresh).All(t => t.Accounts == 3), Within);
        var (u, f, s) = (tags.Single(t => t.Tag == usual), tags.Single(t => t.Tag == fresh), tags.Single(t => t.Tag == solo));
        Assert.Equal((3, 3, 1), (u.Accounts, f.Accounts, s.Accounts)); // one account posting four times is one account
        Assert.Equal(3.0 * 27 / 28, u.Usual, 2); // day 29 falls on the look-back's edge only partly: 27 or 28 whole days
        Assert.Equal(0, f.Usual);
        Assert.Equal(4.0 / 3, f.Score, 2); // (accounts + 1) / (usual + 3)
        Assert.True(f.Score > u.Score && f.Score > s.Score, $"fresh {f.Score}, usual {u.Score}, solo {s.Score}");

        var lastHour = await Tags("1h");
        Assert.True(lastHour.Single(t => t.Tag == usual).Usual < u.Usual / 20); // a usual hour is a 24th of a usual day
    }

    [Fact]
    public async Task AdminHide_TakesAnItemOrHashtagOut_Idempotently_Audited_AdminsOnly()
    {
        var (_, a) = await _client.SignUpAsync();
        var tag = "hideme" + Guid.NewGuid().ToString("N")[..8];
        var post = (await _client.CreatePostAsync(a.AccessToken, $"look #{tag}")).GetProperty("id").GetGuid();
        await _client.PostJsonAsync($"/api/v1/posts/{post}/like", new { }, (await _client.SignUpAsync()).Tokens.AccessToken);
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts"), ids => ids.Contains(post), Within);
        await Eventually.ValueAsync(() => Tags("24h"), l => l.Any(t => t.Tag == tag), Within);

        var (_, plain) = await _client.SignUpAsync();
        var (_, moderator) = await _client.SignUpAsync();
        var moderatorToken = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var (adminUser, admin) = await _client.SignUpAsync();
        var adminToken = await api.Factory.GrantRoleAsync(admin.AccessToken, "admin");
        var hide = $"/api/v1/admin/trends/post/{post}/hide";
        await (await _client.PostJsonAsync(hide, new { reason = "spam" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.PostJsonAsync(hide, new { reason = "spam" }, plain.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _client.PostJsonAsync(hide, new { reason = "spam" }, moderatorToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(post, await _client.TrendingIdsAsync("posts"));

        var first = await (await _client.PostJsonAsync(hide, new { reason = "spam" }, adminToken)).ReadJsonAsync();
        var again = await (await _client.PostJsonAsync(hide, new { reason = "spam" }, adminToken)).ReadJsonAsync();
        Assert.True(first.GetProperty("hidden").GetBoolean() && first.GetProperty("changed").GetBoolean());
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.DoesNotContain(post, await _client.TrendingIdsAsync("posts"));
        Assert.DoesNotContain(post, await _client.TrendingIdsAsync("posts", a.AccessToken, "7d"));
        Assert.Equal(1, await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'trend.hidden' AND target_type = 'post' AND target_id = $1 AND reason = 'spam' AND actor_id = $2",
            post.ToString(), adminUser.Id));

        Assert.True((await _client.PostJsonAsync($"/api/v1/admin/trends/hashtag/%23{tag.ToUpperInvariant()}/hide", new { }, adminToken)).IsSuccessStatusCode);
        Assert.DoesNotContain(await Tags("24h"), t => t.Tag == tag);
        Assert.Equal(1, await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'trend.hidden' AND target_type = 'hashtag' AND target_id = $1", tag));

        var shown = await (await _client.PostJsonAsync($"/api/v1/admin/trends/post/{post}/unhide", new { }, adminToken)).ReadJsonAsync();
        Assert.False(shown.GetProperty("hidden").GetBoolean());
        Assert.Contains(post, await _client.TrendingIdsAsync("posts"));
        await (await _client.PostJsonAsync("/api/v1/admin/trends/user/x/hide", new { }, adminToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.PostJsonAsync("/api/v1/admin/trends/video/not-a-guid/hide", new { }, adminToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<List<(string Tag, int Accounts, double Usual, double Score)>> Tags(string window) =>
        [.. (await _client.TrendsAsync("hashtags", null, window)).Select(t =>
            (t.GetProperty("tag").GetString()!, t.GetProperty("accounts").GetInt32(), t.GetProperty("usual").GetDouble(), t.GetProperty("score").GetDouble()))];
}
