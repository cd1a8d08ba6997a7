using System.Diagnostics;
using System.Net;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>A like, followed through its trace (API host → grain → group commit → PostgreSQL) and its metrics.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class LikeTelemetryTests(TelemetryFixture fx)
{
    private readonly HttpClient _api = fx.CreateClient();

    [Fact]
    public async Task Like_OverHttp_OneTraceSpansTheRequestTheGrainCallAndItsDatabaseCommit()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        var path = $"/api/v1/videos/{video}/like";

        var response = await _api.SendJsonAsync(HttpMethod.Post, path, null, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The server span ends just after the answer is written: wait for it briefly.
        var request = await Eventually.ReturnsAsync(() => Task.FromResult(fx.SpansNow().FirstOrDefault(s =>
            s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") as string == path)), TimeSpan.FromSeconds(10), "the request's span");
        var trace = fx.SpansNow().Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("LikeAsync", StringComparison.Ordinal));
        var commit = Assert.Single(trace, s => s.Source.Name == "SocialFlow" && s.OperationName == "engagement group commit");
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId);
        Assert.All(trace, s => Assert.NotEqual(ActivityStatusCode.Error, s.Status));
    }

    [Fact]
    public async Task Like_OverHttp_MovesTheLikesCommittedCounterAndTheGroupCommitHistograms()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var users = await fx.Factory.UsersAsync(fx.Database.ConnectionString, 3);
        var video = await fx.Factory.ItemAsync(owner);
        var before = await fx.ScrapeAsync();

        foreach (var (_, token) in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, token)).StatusCode);
        }
        // Scrapes are cached for a moment (the exporter's default 300 ms): read until the new samples show.
        var after = await Eventually.ValueAsync(fx.ScrapeAsync, now => Moved(now, "socialflow_likes_committed_total") >= 3);

        Assert.True(Moved(after, "socialflow_likes_committed_total") >= 3,
            "likes committed: " + string.Join(", ", after.Where(s => s.Key.StartsWith("socialflow_", StringComparison.Ordinal)).Select(s => s.Key)));
        Assert.True(Moved(after, "socialflow_group_commit_batch_size_count") >= 1);
        Assert.True(Moved(after, "socialflow_group_commit_duration_seconds_count") >= 1);

        double Moved(Dictionary<string, double> now, string name) => TelemetryFixture.Total(now, name) - TelemetryFixture.Total(before, name);
    }
}
