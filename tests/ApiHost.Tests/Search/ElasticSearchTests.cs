using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Search;
using SocialFlow.Grains.Search.Elasticsearch;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>
/// <c>SocialFlow:Search:Provider=elasticsearch</c>, against a stand-in that checks the exact requests: the index's
/// mapping, the bulk writes of the items' events, the query a search becomes for a viewer, and how its answer comes
/// back through /api/v1/search.
/// </summary>
[Collection(ElasticCollection.Name)]
public sealed class ElasticSearchTests(ElasticFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Marker() => "es" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public void SiloStart_CreatesTheIndex_WithItsExplicitMapping()
    {
        var calls = api.StandIn.Calls.Where(c => c.Path == "/" + api.Index).ToList();
        Assert.Equal(["HEAD", "PUT"], calls.Select(c => c.Method).Take(2));
        AssertJson(ExpectedIndex, calls[1].Json);
    }

    [Fact]
    public async Task NewPost_IsOneBulkIndexItem_WithExactlyItsDocument_AndADeleteABulkDelete()
    {
        var (author, a) = await _client.SignUpAsync();
        var m = Marker();
        var post = await _client.CreatePostAsync(a.AccessToken, $"{m} Café au lait #Morning");
        var id = post.GetProperty("id").GetGuid();

        var bulk = await Eventually.ReturnsAsync(() => Task.FromResult(api.StandIn.BulksOf(id).FirstOrDefault()), TimeSpan.FromSeconds(10), "the post's bulk");
        var lines = bulk.Lines;
        var at = lines.FindIndex(l => l["index"]?["_id"]?.GetValue<string>() == id.ToString());
        Assert.True(at >= 0, bulk.Body);
        AssertJson(new JsonObject { ["index"] = new JsonObject { ["_id"] = id.ToString() } }, lines[at]);
        var document = lines[at + 1].AsObject();
        var created = DateTimeOffset.Parse(document["created_at"]!.GetValue<string>());
        Assert.Equal(post.GetProperty("created_at").GetDateTimeOffset().UtcTicks / 10, created.UtcTicks / 10); // PostgreSQL keeps microseconds
        document.Remove("created_at");
        AssertJson(new JsonObject
        {
            ["id"] = id.ToString(), ["kind"] = "post", ["owner_id"] = author.Id.ToString(), ["username"] = author.Username,
            ["body"] = $"{m} Café au lait #Morning", ["tags"] = new JsonArray("morning"), ["visibility"] = "public", ["hidden"] = false,
            ["views"] = 0, ["likes"] = 0,
        }, document);
        Assert.Contains("ApiKey c2YtdGVzdDpzZWNyZXQ=", api.StandIn.Authorizations);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{id}", null, a.AccessToken)).StatusCode);
        var delete = await Eventually.ReturnsAsync(
            () => Task.FromResult(api.StandIn.BulksOf(id).SelectMany(b => b.Lines).FirstOrDefault(l => l["delete"] is not null)), TimeSpan.FromSeconds(10), "the delete");
        AssertJson(new JsonObject { ["delete"] = new JsonObject { ["_id"] = id.ToString() } }, delete);
    }

    [Fact]
    public async Task ABulkItemError_FailsTheWrite_AndTheEventIsDeliveredAgainUntilItIsIndexed()
    {
        var (_, a) = await _client.SignUpAsync();
        var m = Marker();
        var id = Guid.CreateVersion7();
        api.StandIn.FailNext(id, 1);
        var index = api.Factory.Services.GetRequiredService<ISearchIndex>();
        var document = new SearchDocument(id, "post", Guid.NewGuid(), "nobody", null, m, [], "public", false, DateTimeOffset.UtcNow);
        var failure = await Assert.ThrowsAsync<SearchIndexException>(() => index.UpsertAsync(document));
        Assert.Contains("es_rejected_execution_exception", failure.Message);
        await index.UpsertAsync(document); // the stand-in failed it once

        // Through the event path: the first write of the post's document fails, the event stays unacknowledged and comes again.
        var post = (await _client.CreatePostAsync(a.AccessToken, $"{m} retried")).GetProperty("id").GetGuid();
        api.StandIn.FailNext(post, 1);
        await Eventually.HoldsAsync(() => Task.FromResult(api.StandIn.BulksOf(post).Count >= 2), TimeSpan.FromSeconds(15), "a second bulk of the post");
    }

    [Fact]
    public async Task ASearch_IsOneBoolQuery_WithTheSyntax_AndTheViewersVisibilityFilters()
    {
        var m = Marker();
        var (viewer, v) = await _client.SignUpAsync();
        var (followed, _) = await _client.SignUpAsync();
        var (blocked, _) = await _client.SignUpAsync();
        var (author, _) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(followed.Id).FollowAsync(viewer.Id);
        await api.Grains.Ref<ISocialGraphGrain>(viewer.Id).BlockAsync(blocked.Id);

        var q = $"{m} \"brown dog\" -lazy cats OR dogs #Sleepy @{author.Username.ToUpperInvariant()}";
        var found = await _client.OkJsonAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&limit=5&from=2026-01-01T00:00:00Z", v.AccessToken);
        Assert.Empty(found.GetProperty("items").EnumerateArray());
        var search = Assert.Single(api.StandIn.SearchesFor(m));
        Assert.Equal($"/{api.Index}/_search", search.Path);
        AssertJson(ExpectedQuery(m, viewer.Id, followed.Id, blocked.Id, author.Username.ToLowerInvariant()), search.Json);

        var anonymous = Marker();
        await _client.OkJsonAsync($"/api/v1/search?q={anonymous}&sort=newest", null);
        var plain = Assert.Single(api.StandIn.SearchesFor(anonymous)).Json!;
        AssertJson(ExpectedNewest(anonymous), plain);

        var videos = Marker();
        await _client.OkJsonAsync($"/api/v1/videos/search?q={videos}&min_duration=60&max_duration=600&sort=views", null);
        AssertJson(Json("""
            {
              "query": {"bool": {
                "filter": [
                  {"term": {"kind": {"value": "video"}}}, {"term": {"hidden": {"value": false}}},
                  {"range": {"duration_seconds": {"gte": 60, "lte": 600}}}, {"term": {"visibility": {"value": "public"}}}],
                "must": {"multi_match": {"fields": @TextFields, "query": "@m"}}}},
              "size": 42,
              "sort": [{"views": {"order": "desc"}}, {"id": {"order": "desc"}}],
              "track_total_hits": false
            }
            """, ("@TextFields", TextFields), ("@m", videos)), Assert.Single(api.StandIn.SearchesFor(videos)).Json);
    }

    [Fact]
    public async Task TheRebuild_WritesEveryPostAgain_InSharedBulkRequests()
    {
        var (_, a) = await _client.SignUpAsync();
        var m = Marker();
        var posts = new List<Guid>();
        for (var i = 0; i < 4; i++) posts.Add((await _client.CreatePostAsync(a.AccessToken, $"{m} {i}")).GetProperty("id").GetGuid());
        await Eventually.HoldsAsync(() => Task.FromResult(posts.All(p => api.StandIn.BulksOf(p).Count > 0)), TimeSpan.FromSeconds(10), "the posts indexed");
        var before = api.StandIn.Calls.Count;

        api.StandIn.BulkDelay = TimeSpan.FromMilliseconds(300); // writes queue behind the first request
        try
        {
            var progress = await api.Grains.Ref<ISearchRebuildGrain>(0).RebuildBatchAsync(SearchType.Post, restart: true, batchSize: 5_000);
            Assert.Equal((true, 0), (progress.Done, progress.Failed));
        }
        finally
        {
            api.StandIn.BulkDelay = TimeSpan.Zero;
        }
        var rebuilt = api.StandIn.Calls.Skip(before).Where(c => c.Path.EndsWith("/_bulk")).ToList();
        Assert.All(posts, p => Assert.Contains(rebuilt, b => b.Body.Contains(p.ToString())));
        Assert.Contains(rebuilt, b => b.Lines.Count(l => l["index"] is not null) > 1);
    }

    [Fact]
    public async Task TheIndexsHits_ComeBackInItsOrder_InTheProjectsShape_WithoutSuspendedAuthors_AndPageBySearchAfter()
    {
        var m = Marker();
        var (first, _) = await _client.SignUpAsync();
        var (second, _) = await _client.SignUpAsync();
        var (suspended, _) = await _client.SignUpAsync();
        await api.Grains.Ref<IUserGrain>(suspended.Id).SanctionAsync(
            AccountAction.Suspend, DateTimeOffset.UtcNow.AddDays(1), ContentModerationApi.Moderator(Guid.NewGuid()), "spam");
        var (top, gone, next) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        api.StandIn.AnswerWith(m, [Hit(top, second, 471.25, "the best match"), Hit(gone, suspended, 470.5, "suspended"), Hit(next, first, 469.75, "another")]);

        var page = await _client.OkJsonAsync($"/api/v1/search?q={m}", null);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([top, next], items.Select(i => i.GetProperty("id").GetGuid()));
        var hit = items[0];
        Assert.Equal(("post", second.Id, second.Username, "the best match", 471.25, 7L),
            (hit.GetProperty("type").GetString(), hit.GetProperty("author").GetProperty("id").GetGuid(), hit.GetProperty("author").GetProperty("username").GetString(),
             hit.GetProperty("excerpt").GetString(), hit.GetProperty("score").GetDouble(), hit.GetProperty("like_count").GetInt64()));
        Assert.Equal(["tag"], hit.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var one = await _client.OkJsonAsync($"/api/v1/search?q={m}&limit=1", null);
        Assert.Equal(top, one.GetProperty("items")[0].GetProperty("id").GetGuid());
        await _client.OkJsonAsync($"/api/v1/search?q={m}&limit=1&cursor={one.GetProperty("next_cursor").GetString()}", null);
        var after = api.StandIn.SearchesFor(m)[^1].Json!["search_after"]!;
        AssertJson(new JsonArray(471.25, top.ToString()), after);
    }

    [Fact]
    public async Task Hashtags_AreATermsAggregationOfPublicVisibleItems_MostUsedFirst()
    {
        var prefix = "ht" + Guid.NewGuid().ToString("N")[..8];
        api.StandIn.AnswerTagsWith(prefix, [
            new JsonObject { ["key"] = $"{prefix}big", ["doc_count"] = 3 }, new JsonObject { ["key"] = $"{prefix}small", ["doc_count"] = 1 }]);

        var tags = await _client.OkJsonAsync($"/api/v1/search/hashtags?q=%23{prefix.ToUpperInvariant()}&limit=1", null);
        Assert.Equal([($"{prefix}big", 3)], tags.GetProperty("items").EnumerateArray().Select(t => (t.GetProperty("tag").GetString(), t.GetProperty("uses").GetInt32())));
        var second = await _client.OkJsonAsync($"/api/v1/search/hashtags?q={prefix}&limit=1&cursor={tags.GetProperty("next_cursor").GetString()}", null);
        Assert.Equal([$"{prefix}small"], second.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("tag").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        var request = api.StandIn.SearchesFor(prefix)[0];
        Assert.Contains("typed_keys=true", request.Query);
        AssertJson(Json("""
            {
              "aggregations": {"tags": {"terms": {"field": "tags", "include": "@p.*", "order": [{"_count": "desc"}, {"_key": "asc"}], "size": 2}}},
              "query": {"bool": {"filter": [
                {"term": {"visibility": {"value": "public"}}}, {"term": {"hidden": {"value": false}}}, {"prefix": {"tags": {"value": "@p"}}}]}},
              "size": 0,
              "track_total_hits": false
            }
            """, ("@p", prefix)), request.Json);
    }

    [Fact]
    public async Task ALimitedAuthorsHits_AreShownToTheirFollowersOnly()
    {
        var m = Marker();
        var (limited, _) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        var (_, stranger) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(limited.Id).FollowAsync(follower.Id);
        await api.Grains.Ref<IUserGrain>(limited.Id).SanctionAsync(
            AccountAction.Limit, DateTimeOffset.UtcNow.AddDays(1), ContentModerationApi.Moderator(Guid.NewGuid()), "spam");
        var item = Guid.CreateVersion7();
        api.StandIn.AnswerWith(m, [Hit(item, limited, 400.5, "limited")]);

        Assert.Empty(await _client.ItemIdsAsync($"/api/v1/search?q={m}", stranger.AccessToken));
        Assert.Empty(await _client.ItemIdsAsync($"/api/v1/search?q={m}", null));
        Assert.Equal([item], await _client.ItemIdsAsync($"/api/v1/search?q={m}", f.AccessToken));
    }

    private static JsonObject Hit(Guid id, TestUser owner, double score, string body) => new()
    {
        ["_index"] = "sf", ["_id"] = id.ToString(), ["_score"] = score,
        ["_source"] = new JsonObject
        {
            ["id"] = id.ToString(), ["kind"] = "post", ["owner_id"] = owner.Id.ToString(), ["username"] = owner.Username, ["body"] = body,
            ["tags"] = new JsonArray("tag"), ["visibility"] = "public", ["hidden"] = false, ["created_at"] = "2026-11-30T10:00:00.000000+00:00",
            ["views"] = 3, ["likes"] = 7,
        },
        ["sort"] = new JsonArray(score, id.ToString()),
    };

    private static void AssertJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected\n{expected.ToJsonString()}\nactual\n{actual?.ToJsonString()}");

    private const string TextFields = """["title^4", "title.english^4", "username^4", "tags^2", "body", "body.english"]""";

    private static JsonNode ExpectedIndex => JsonNode.Parse("""
        {
          "settings": {"analysis": {
            "analyzer": {
              "sf_folding": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
              "sf_english": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding", "porter_stem"]}},
            "normalizer": {"sf_lowercase": {"type": "custom", "filter": ["lowercase", "asciifolding"]}}}},
          "mappings": {"dynamic": "strict", "properties": {
            "id": {"type": "keyword"}, "kind": {"type": "keyword"}, "owner_id": {"type": "keyword"},
            "username": {"type": "text", "analyzer": "sf_folding", "fields": {
              "english": {"type": "text", "analyzer": "sf_english"}, "exact": {"type": "keyword", "normalizer": "sf_lowercase"}}},
            "title": {"type": "text", "analyzer": "sf_folding", "fields": {"english": {"type": "text", "analyzer": "sf_english"}}},
            "body": {"type": "text", "analyzer": "sf_folding", "fields": {"english": {"type": "text", "analyzer": "sf_english"}}},
            "tags": {"type": "keyword"}, "visibility": {"type": "keyword"}, "hidden": {"type": "boolean"},
            "created_at": {"type": "date"}, "duration_seconds": {"type": "double"}, "views": {"type": "long"}, "likes": {"type": "long"}}}
        }
        """)!;

    private static JsonNode ExpectedQuery(string m, Guid viewer, Guid followed, Guid blocked, string username) => Json("""
        {
          "query": {"script_score": {
            "query": {"bool": {
              "filter": [
                {"term": {"kind": {"value": "post"}}},
                {"term": {"hidden": {"value": false}}},
                {"term": {"tags": {"value": "sleepy"}}},
                {"terms": {"username.exact": ["@username"]}},
                {"range": {"created_at": {"gte": "2026-01-01T00:00:00Z"}}},
                {"bool": {"minimum_should_match": 1, "should": [
                  {"term": {"owner_id": {"value": "@viewer"}}},
                  {"term": {"visibility": {"value": "public"}}},
                  {"bool": {"filter": [{"term": {"visibility": {"value": "followers"}}}, {"terms": {"owner_id": ["@followed"]}}]}}]}}],
              "must": [
                {"multi_match": {"fields": @TextFields, "query": "@m"}},
                {"multi_match": {"fields": @TextFields, "query": "brown dog", "type": "phrase"}},
                {"bool": {"minimum_should_match": 1, "should": [
                  {"multi_match": {"fields": @TextFields, "query": "cats"}},
                  {"multi_match": {"fields": @TextFields, "query": "dogs"}}]}}],
              "must_not": [
                {"multi_match": {"fields": @TextFields, "query": "lazy"}},
                {"terms": {"owner_id": ["@blocked"]}}]}},
            "script": {
              "source": "Math.log(Math.max(_score, 1e-9)) + doc['created_at'].value.toEpochSecond() / params.half_life_seconds * Math.log(2)",
              "params": {"half_life_seconds": 2592000}}}},
          "size": 12,
          "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "desc"}}],
          "track_total_hits": false
        }
        """, ("@TextFields", TextFields), ("@m", m), ("@viewer", viewer.ToString()), ("@followed", followed.ToString()), ("@blocked", blocked.ToString()), ("@username", username));

    /// <summary>The client writes a one-clause list as the clause alone, as Elasticsearch accepts.</summary>
    private static JsonNode ExpectedNewest(string m) => Json("""
        {
          "query": {"bool": {
            "filter": [{"term": {"kind": {"value": "post"}}}, {"term": {"hidden": {"value": false}}}, {"term": {"visibility": {"value": "public"}}}],
            "must": {"multi_match": {"fields": @TextFields, "query": "@m"}}}},
          "size": 42,
          "sort": [{"created_at": {"order": "desc"}}, {"id": {"order": "desc"}}],
          "track_total_hits": false
        }
        """, ("@TextFields", TextFields), ("@m", m));

    /// <summary>The JSON with each placeholder (@name) replaced.</summary>
    private static JsonNode Json(string template, params (string Placeholder, string Value)[] values) =>
        JsonNode.Parse(values.Aggregate(template, (text, v) => text.Replace(v.Placeholder, v.Value)))!;
}
