using System.Net;
using System.Text.Json;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Testing.Cluster;
using Xunit.Abstractions;

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// Telemetry with the API host as a client of a separate silo: each process serves its own /metrics on its own
/// listener (the silo's holds the group commit, the API host's the HTTP side), and the API host's admin-only Orleans
/// dashboard shows the silo, whose statistics the silo collects.
/// </summary>
public sealed class ClientModeTelemetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ClientMode_SiloAndApiHost_EachServeTheirMetrics_AndTheDashboardShowsTheSilo()
    {
        var dashboard = new Dictionary<string, string> { ["SocialFlow__Telemetry__Dashboard__Enabled"] = "true" };
        await using var cluster = await LocalCluster.StartAsync(output, silos: 1, apiSettings: dashboard, siloSettings: dashboard);
        var (user, tokens) = await cluster.Api.SignUpAsync();
        var post = await (await cluster.Api.PostJsonAsync("/api/v1/posts", new { text = "metrics", visibility = "public" }, tokens.AccessToken)).ReadJsonAsync();
        var like = await cluster.Api.SendJsonAsync(HttpMethod.Post, $"/api/v1/posts/{post.GetProperty("id").GetString()}/like", null, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, like.StatusCode);

        var silo = await Eventually.ValueAsync(() => ScrapeAsync(cluster.Silos[0].Host), text => text.Contains("socialflow_likes_committed_total", StringComparison.Ordinal));
        var api = await ScrapeAsync(cluster.ApiHost);

        Assert.Contains("socialflow_likes_committed_total", silo, StringComparison.Ordinal);
        Assert.Contains("orleans_grains{", silo, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count{", api, StringComparison.Ordinal);
        Assert.DoesNotContain("socialflow_group_commit_batch_size", api, StringComparison.Ordinal); // the client commits nothing
        Assert.Equal(HttpStatusCode.NotFound, (await cluster.Api.GetAsync("/metrics")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await cluster.Api.GetAsync("/dashboard/DashboardCounters", tokens.AccessToken)).StatusCode);
        var grain = await cluster.GrainAsync<IUserGrain>(user.Id);
        await grain.SetRolesAsync([AccountRoles.User, AccountRoles.Admin], AuditActor.CommandLine, "test");
        var admin = (await cluster.Api.LoginAsync(user)).AccessToken;
        var counters = await cluster.Api.GetAsync("/dashboard/DashboardCounters", admin);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        using var json = JsonDocument.Parse(await counters.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("totalActiveHostCount").GetInt32());
        cluster.Passed();
    }

    private static async Task<string> ScrapeAsync(HostProcess host)
    {
        using var http = new HttpClient { BaseAddress = host.MetricsAddress ?? throw new InvalidOperationException($"{host.Name}: no metrics listener") };
        return await http.GetStringAsync("/metrics");
    }
}
