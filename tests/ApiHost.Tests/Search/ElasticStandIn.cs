using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SocialFlow.ApiHost.Tests.Search;

public sealed record ElasticCall(string Method, string Path, string Query, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>A _bulk body's NDJSON lines, each parsed.</summary>
    public List<JsonNode> Lines => [.. Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
}

/// <summary>
/// A local stand-in for an Elasticsearch 9 node on Kestrel (127.0.0.1, a free port), because no Elasticsearch server
/// can run here: it records every request and answers as Elasticsearch does (the X-Elastic-Product header the client
/// checks; HEAD/PUT of an index; _bulk item results, an item failing while <see cref="FailNext"/> says so; _search hits
/// set per marker by <see cref="AnswerWith"/>, else none). It does not search: the tests check the requests themselves.
/// </summary>
public sealed class ElasticStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ElasticCall> _calls = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentDictionary<string, JsonArray> _answers = new();
    private readonly ConcurrentDictionary<string, bool> _indices = new();
    private readonly ConcurrentDictionary<string, JsonArray> _buckets = new();
    private readonly ConcurrentBag<string> _authorizations = [];

    private ElasticStandIn(WebApplication app) => _app = app;

    public string BaseAddress => _app.Urls.Single();
    public IReadOnlyCollection<ElasticCall> Calls => _calls;

    /// <summary>The Authorization headers seen (the API key of the configuration).</summary>
    public IReadOnlyCollection<string> Authorizations => _authorizations;

    /// <summary>The _bulk requests that wrote or deleted <paramref name="id"/>.</summary>
    public List<ElasticCall> BulksOf(Guid id) => [.. _calls.Where(c => c.Path.EndsWith("/_bulk") && c.Body.Contains(id.ToString()))];

    /// <summary>The _search requests whose body holds <paramref name="marker"/>.</summary>
    public List<ElasticCall> SearchesFor(string marker) => [.. _calls.Where(c => c.Path.EndsWith("/_search") && c.Body.Contains(marker))];

    /// <summary>How long a _bulk request takes to answer (so that writes queue behind it meanwhile).</summary>
    public TimeSpan BulkDelay { get; set; }

    /// <summary>The next <paramref name="times"/> bulk items for <paramref name="id"/> fail with 429 (as a full write queue does).</summary>
    public void FailNext(Guid id, int times) => _failures[id.ToString()] = times;

    /// <summary>A _search whose body holds <paramref name="marker"/> is answered with these hits (objects with _id, _score, _source, sort).</summary>
    public void AnswerWith(string marker, JsonArray hits) => _answers[marker] = hits;

    /// <summary>An aggregation whose body holds <paramref name="marker"/> is answered with these tag buckets (key, doc_count).</summary>
    public void AnswerTagsWith(string marker, JsonArray buckets) => _buckets[marker] = buckets;

    public static async Task<ElasticStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new ElasticStandIn(app);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        // The client compresses request bodies (Content-Encoding: gzip), as Elasticsearch accepts.
        var raw = request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        var body = await new StreamReader(raw).ReadToEndAsync();
        var path = request.Path.Value ?? "";
        if (request.Headers.Authorization.ToString() is { Length: > 0 } authorization && !_authorizations.Contains(authorization)) _authorizations.Add(authorization);
        _calls.Enqueue(new ElasticCall(request.Method, path, request.QueryString.Value ?? "", body));
        var index = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var (status, answer) = (request.Method, path) switch
        {
            ("HEAD", _) => (_indices.ContainsKey(index) ? 200 : 404, null),
            ("PUT", _) when !path.Contains("/_") => Create(index),
            ("POST", _) when path.EndsWith("/_bulk") => (200, await BulkAsync(index, body)),
            ("POST" or "GET", _) when path.EndsWith("/_search") => (200, Search(body)),
            _ => (404, new JsonObject { ["error"] = new JsonObject { ["type"] = "stand_in_unknown_request", ["reason"] = path }, ["status"] = 404 }),
        };
        context.Response.StatusCode = status;
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (answer is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private (int, JsonNode) Create(string index) => _indices.TryAdd(index, true)
        ? (200, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index })
        : (400, new JsonObject
        {
            ["error"] = new JsonObject { ["type"] = "resource_already_exists_exception", ["reason"] = $"index [{index}] already exists" },
            ["status"] = 400,
        });

    private async Task<JsonObject> BulkAsync(string index, string body)
    {
        await Task.Delay(BulkDelay);
        var items = new JsonArray();
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            var id = action.Value!["_id"]!.GetValue<string>();
            if (action.Key != "delete") i++; // the document line
            var fail = _failures.TryGetValue(id, out var left) && left > 0 && _failures.TryUpdate(id, left - 1, left);
            var result = new JsonObject { ["_index"] = index, ["_id"] = id };
            if (fail)
            {
                result["status"] = 429;
                result["error"] = new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "rejected by the stand-in" };
            }
            else
            {
                result["status"] = action.Key == "delete" ? 200 : 201;
                result["result"] = action.Key == "delete" ? "deleted" : "created";
                result["_version"] = 1;
                result["_seq_no"] = 0;
                result["_primary_term"] = 1;
                result["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
            }
            items.Add(new JsonObject { [action.Key] = result });
        }
        return new JsonObject { ["took"] = 1, ["errors"] = items.Any(i => i!.AsObject().Single().Value!["error"] is not null), ["items"] = items };
    }

    private JsonObject Search(string body)
    {
        var hits = _answers.FirstOrDefault(a => body.Contains(a.Key)).Value?.DeepClone() ?? new JsonArray();
        var answer = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject { ["max_score"] = null, ["hits"] = hits },
        };
        if (body.Contains("\"aggregations\""))
        {
            var buckets = _buckets.FirstOrDefault(b => body.Contains(b.Key)).Value?.DeepClone() ?? new JsonArray();
            answer["aggregations"] = new JsonObject { ["sterms#tags"] = new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = 0, ["buckets"] = buckets } };
        }
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
