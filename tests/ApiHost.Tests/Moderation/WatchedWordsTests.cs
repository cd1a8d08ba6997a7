using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>GET|PUT /admin/moderation/watched-words, and how the silo's screen matches them.</summary>
[Collection(ApiCollection.Name)]
public sealed class WatchedWordsTests(ApiFixture api)
{
    private const string Url = "/api/v1/admin/moderation/watched-words";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Moderators_SetTheList_OneAuditRow_AndTheScreenMatchesWholeWords_CaseAndAccentsIgnored_AndPatterns()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var moderator = await api.Factory.GrantRoleAsync(tokens.AccessToken, "moderator");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var words = new object[]
        {
            new { pattern = $"Crème brûlée{tag}", action = "hold" },
            new { pattern = $"zq{tag}[0-9]{{3}}x", match = "regex", action = "flag" },
            new { pattern = $"spam{tag}", match = "word", action = "flag" },
        };
        try
        {
            var set = await _client.SendJsonAsync(HttpMethod.Put, Url, new { words }, moderator);
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Equal(3, (await set.ReadJsonAsync()).GetProperty("words").GetArrayLength());
            var listed = await (await _client.GetAsync(Url, moderator)).ReadJsonAsync();
            Assert.Contains(listed.GetProperty("words").EnumerateArray(), w => w.GetProperty("pattern").GetString() == $"spam{tag}" && w.GetProperty("match").GetString() == "word");
            Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'watched_words.changed' AND details::text LIKE $1", $"%{tag}%"));
            Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words }, moderator)).StatusCode);
            Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'watched_words.changed' AND details::text LIKE $1", $"%{tag}%"));

            var screen = api.Factory.Services.GetRequiredService<IContentScreen>();
            var held = await screen.ScreenAsync("nothing here", $"I love CREME BRULEE{tag.ToUpperInvariant()} so much");
            Assert.Equal(ScreenVerdict.Hold, held.Verdict);
            Assert.Equal([$"creme brulee{tag}"], held.Matched);
            var flagged = await screen.ScreenAsync($"see zq{tag}123x and spam{tag}!");
            Assert.Equal(ScreenVerdict.Flag, flagged.Verdict);
            Assert.Equal(2, flagged.Matched.Count);
            Assert.Equal(ScreenVerdict.Clean, (await screen.ScreenAsync($"spam{tag}my is a longer word, zq{tag}12x too short")).Verdict);
            Assert.Equal(ScreenVerdict.Hold, (await screen.ScreenAsync($"flag spam{tag} and hold crème brûlée{tag}")).Verdict);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words = Array.Empty<object>() }, moderator)).StatusCode);
        }
        Assert.Equal(ScreenVerdict.Clean, (await api.Factory.Services.GetRequiredService<IContentScreen>().ScreenAsync($"spam{tag}")).Verdict);
    }

    [Fact]
    public async Task SetWatchedWords_RefusesBadEntries_AndUsers()
    {
        var (_, user) = await _client.SignUpAsync();
        var moderator = await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "moderator");

        await (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words = new[] { new { pattern = "x" } } }, user.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _client.SendJsonAsync(HttpMethod.Put, Url, new { }, moderator)).AssertProblemAsync(HttpStatusCode.BadRequest);
        var bad = await (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words = new object[] { new { pattern = "(unclosed", match = "regex", action = "flag" } } }, moderator))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("words[0].pattern", out _));
        await (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words = new object[] { new { pattern = "ok", action = "delete" } } }, moderator)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words = new object[] { new { pattern = "   ", action = "flag" } } }, moderator)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.SendJsonAsync(HttpMethod.Put, Url, new { words = Enumerable.Repeat(new { pattern = "w", action = "flag" }, 1_001) }, moderator))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
