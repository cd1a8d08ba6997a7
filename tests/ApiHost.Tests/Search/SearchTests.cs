using System.Diagnostics;
using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>GET /search over posts: the query syntax, who may find what, and how soon the index follows a change.</summary>
[Collection(ApiCollection.Name)]
public sealed class SearchTests(ApiFixture api, ITestOutputHelper output)
{
    private readonly HttpClient _client = api.CreateClient();

    /// <summary>A word that only this test's posts contain, so the shared database's other posts never match.</summary>
    private static string Marker() => "sq" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Syntax_Words_Stems_Phrases_Exclusions_Or_Hashtags_Usernames_AndAccents()
    {
        var m = Marker();
        var (author, a) = await _client.SignUpAsync();
        var (other, b) = await _client.SignUpAsync();
        var foxes = await PostAsync(a.AccessToken, $"{m} the quick brown foxes jump");
        var lazy = await PostAsync(a.AccessToken, $"{m} a lazy dog sleeps #Sleepy");
        var cafe = await PostAsync(a.AccessToken, $"{m} un café au lait");
        var brownDog = await PostAsync(a.AccessToken, $"{m} brown dog");
        var otherDog = await PostAsync(b.AccessToken, $"{m} another dog");
        await FoundAsync(m, null, 5);

        Assert.Equal([foxes], await IdsAsync($"{m} fox", null));
        Assert.Equal([brownDog], await IdsAsync($"{m} \"brown dog\"", null));
        Assert.Equal(Sorted([brownDog, otherDog]), Sorted(await IdsAsync($"{m} dog -lazy", null)));
        Assert.Equal(Sorted([foxes, lazy]), Sorted(await IdsAsync($"{m} lazy OR quick", null)));
        Assert.Equal([lazy], await IdsAsync($"{m} #sleepy", null));
        Assert.Equal(Sorted([lazy, brownDog]), Sorted(await IdsAsync($"{m} dog @{author.Username.ToUpperInvariant()}", null)));
        Assert.Equal([cafe], await IdsAsync($"{m} CAFE", null));
        Assert.Equal([cafe], await IdsAsync($"{m} caf\u00e9", null));
        Assert.Equal([otherDog], await IdsAsync($"{m} dog", null, $"&author={other.Username}"));
    }

    [Fact]
    public async Task EachItemIsStemmedForItsOwnLanguage_AndItsPlainWordsMatchInAnyLanguage()
    {
        var m = Marker();
        var (_, a) = await _client.SignUpAsync();
        var french = await PostAsync(a.AccessToken, $"{m} Les chiens courent dans le parc");
        var spanish = await PostAsync(a.AccessToken, $"{m} Los perros corren en el parque");
        var german = await PostAsync(a.AccessToken, $"{m} Die Hunde spielen und laufen im Garten");
        var english = await PostAsync(a.AccessToken, $"{m} The dogs were running in the park");
        await FoundAsync(m, null, 4);

        Assert.Equal([french], await IdsAsync($"{m} chien", null)); // French stem of "chiens"
        Assert.Equal([spanish], await IdsAsync($"{m} perro", null));
        Assert.Equal([german], await IdsAsync($"{m} Hund", null));
        Assert.Equal([english], await IdsAsync($"{m} dog runs", null));
        Assert.Equal(Sorted([french, spanish, german]), Sorted(await IdsAsync($"{m} -running", null))); // any form excluded
        Assert.Equal([spanish], await IdsAsync($"{m} parque", null)); // plain words, whatever the language
    }

    [Fact]
    public async Task ALanguageIsToldByWholeWords_NotByLettersInsideCodesOrCompounds()
    {
        var m = Marker();
        var (_, a) = await _client.SignUpAsync();
        // Split at every non-letter, "7e9e1o" and "e-mail" gave the Portuguese "e" three times against the English "and" once.
        var english = await PostAsync(a.AccessToken, $"{m} ref 7e9e1o: e-mail about dogs and cats");
        await FoundAsync(m, null, 1);

        Assert.Equal([english], await IdsAsync($"{m} dog", null)); // English stem of "dogs"
    }

    [Fact]
    public async Task OnlyWhatTheViewerMaySee_IsFound()
    {
        var m = Marker();
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        var (stranger, s) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(author.Id).FollowAsync(follower.Id);
        var open = await PostAsync(a.AccessToken, $"{m} for everyone");
        var friends = (await _client.CreatePostAsync(a.AccessToken, $"{m} for followers", "followers")).GetProperty("id").GetGuid();
        var mine = (await _client.CreatePostAsync(a.AccessToken, $"{m} for me", "private")).GetProperty("id").GetGuid();
        await FoundAsync(m, a.AccessToken, 3);

        Assert.Equal([open], await IdsAsync(m, null));
        Assert.Equal([open], await IdsAsync(m, s.AccessToken));
        Assert.Equal(Sorted([open, friends]), Sorted(await IdsAsync(m, f.AccessToken)));
        Assert.Equal(Sorted([open, friends, mine]), Sorted(await IdsAsync(m, a.AccessToken)));

        await api.Grains.Ref<ISocialGraphGrain>(stranger.Id).BlockAsync(author.Id);
        Assert.Empty(await IdsAsync(m, s.AccessToken));
        await api.Grains.Ref<ISocialGraphGrain>(follower.Id).MuteAsync(author.Id);
        Assert.Empty(await IdsAsync(m, f.AccessToken));
        await api.Grains.Ref<ISocialGraphGrain>(follower.Id).UnmuteAsync(author.Id);

        var moderator = ContentModerationApi.Moderator(Guid.NewGuid());
        await api.Grains.Ref<IUserGrain>(author.Id).SanctionAsync(AccountAction.Limit, DateTimeOffset.UtcNow.AddDays(1), moderator, "spam");
        Assert.Empty(await IdsAsync(m, null));
        Assert.Equal(Sorted([open, friends]), Sorted(await IdsAsync(m, f.AccessToken))); // followers still find a limited account
        await api.Grains.Ref<IUserGrain>(author.Id).SanctionAsync(AccountAction.Suspend, DateTimeOffset.UtcNow.AddDays(1), moderator, "spam");
        Assert.Empty(await IdsAsync(m, f.AccessToken));
    }

    [Fact]
    public async Task TheIndex_FollowsNewEditedRemovedAndDeletedPosts_WithinASecond()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, reader) = await _client.SignUpAsync();
        var lags = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var m = Marker();
            var clock = Stopwatch.StartNew();
            var id = await PostAsync(a.AccessToken, $"{m} fresh");
            await FoundAsync(m, reader.AccessToken, 1);
            lags.Add(clock.Elapsed);
            if (i > 0) continue;

            var edited = Marker();
            clock.Restart();
            Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/posts/{id}", new { text = $"{edited} changed" }, a.AccessToken)).StatusCode);
            await FoundAsync(edited, reader.AccessToken, 1);
            await FoundAsync(m, reader.AccessToken, 0);
            lags.Add(clock.Elapsed);

            clock.Restart();
            await api.Grains.Ref<IPostGrain>(id).ModerateAsync(ContentAction.Remove, ContentModerationApi.Moderator(Guid.NewGuid()), "spam");
            await FoundAsync(edited, reader.AccessToken, 0);
            lags.Add(clock.Elapsed);
            await api.Grains.Ref<IPostGrain>(id).ModerateAsync(ContentAction.Restore, ContentModerationApi.Moderator(Guid.NewGuid()), "fine");
            await FoundAsync(edited, reader.AccessToken, 1);

            clock.Restart();
            Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{id}", null, a.AccessToken)).StatusCode);
            await FoundAsync(edited, reader.AccessToken, 0);
            lags.Add(clock.Elapsed);
        }
        // The bound is the issue's 1 s; the median keeps one slow moment of a loaded CI machine from deciding it.
        var median = lags.Order().ElementAt(lags.Count / 2);
        output.WriteLine($"index lags: {string.Join(", ", lags.Select(l => $"{l.TotalMilliseconds:0} ms"))}");
        Assert.True(median < TimeSpan.FromSeconds(1), $"index lags {string.Join(", ", lags.Select(l => $"{l.TotalMilliseconds:0} ms"))}");
    }

    [Fact]
    public async Task Videos_ByTitleDescriptionAndTags_FilteredByLength_SortedByViews_GoneWhenRemoved()
    {
        var m = Marker();
        var (owner, o) = await _client.SignUpAsync();
        var (_, viewer) = await _client.SignUpAsync();
        var shortClip = await api.RecordedAsync(owner.Id, new NewVideo($"{m} cats at play", "filmed in the garden", ["Pets"], VideoVisibility.Public, 1000), 20);
        var longTalk = await api.RecordedAsync(owner.Id, new NewVideo($"{m} a lecture", "all about dogs and cats", [], VideoVisibility.Public, 1000), 3_600);
        var hidden = await api.RecordedAsync(owner.Id, new NewVideo($"{m} link only", "cats", [], VideoVisibility.Unlisted, 1000));
        await FoundAsync(m, o.AccessToken, 3, "&type=video");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{longTalk}/like", null, viewer.AccessToken)).StatusCode);

        Assert.Equal(Sorted([shortClip, longTalk]), Sorted(await IdsAsync($"{m} cats", viewer.AccessToken, "&type=video")));
        Assert.Equal([longTalk], await IdsAsync($"{m} dog", null, "&type=video"));
        Assert.Equal([shortClip], await IdsAsync($"{m} #pets", null, "&type=video"));
        Assert.Equal([shortClip], await IdsAsync(m, null, "&type=video&max_duration=60"));
        Assert.Equal([longTalk], await IdsAsync(m, null, "&type=video&min_duration=600"));
        Assert.Equal([longTalk, shortClip], await _client.ItemIdsAsync($"/api/v1/videos/search?q={m}&sort=likes", null));
        var hit = (await _client.OkJsonAsync($"/api/v1/videos/search?q={m}&sort=likes", null)).GetProperty("items")[0];
        Assert.Equal(("video", 1L, 3_600.0), (hit.GetProperty("type").GetString(), hit.GetProperty("like_count").GetInt64(), hit.GetProperty("duration_seconds").GetDouble()));
        Assert.Empty(await IdsAsync(m, null)); // posts only by default
        Assert.DoesNotContain(hidden, await IdsAsync(m, viewer.AccessToken, "&type=video"));

        await api.Grains.Ref<IVideoGrain>(shortClip).ModerateAsync(ContentAction.Remove, ContentModerationApi.Moderator(Guid.NewGuid()), "spam");
        await FoundAsync(m, viewer.AccessToken, 1, "&type=video");
        await (await _client.GetAsync($"/api/v1/videos/search?q={m}&min_duration=-1")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task BadQueries_Are400_AndNoPunctuationEverGives500()
    {
        foreach (var bad in new[] { "q=", "q=%20%20", $"q={new string('a', 257)}", "q=x&type=tweet", "q=x&sort=loudest", "q=x&from=yesterday", "q=x&limit=0" })
        {
            var response = await _client.GetAsync($"/api/v1/search?{bad}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/search")).StatusCode);

        var random = new Random(1234);
        const string alphabet = "&|!:*()\"-#@\\ ab1_'<>~^%é中😀\u0301\t";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var i = 0; i < 2_000 && DateTime.UtcNow < deadline; i++)
        {
            var q = new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var response = await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{q}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<Guid> PostAsync(string token, string text) => (await _client.CreatePostAsync(token, text)).GetProperty("id").GetGuid();

    private async Task<List<Guid>> IdsAsync(string q, string? token, string extra = "") =>
        await _client.ItemIdsAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&limit=100{extra}", token);

    /// <summary>Waits (up to 10 s) until the query finds exactly <paramref name="count"/> items.</summary>
    private Task FoundAsync(string q, string? token, int count, string extra = "") =>
        Eventually.ValueAsync(() => IdsAsync(q, token, extra), ids => ids.Count == count, TimeSpan.FromSeconds(10));

    private static List<Guid> Sorted(IEnumerable<Guid> ids) => [.. ids.Order()];
}
