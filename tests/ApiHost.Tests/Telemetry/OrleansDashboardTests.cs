using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>The Orleans dashboard at /dashboard, its page and its data: admins only.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OrleansDashboardTests(TelemetryFixture fx)
{
    private readonly HttpClient _api = fx.CreateClient();

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/DashboardCounters")]
    [InlineData("/dashboard/ClusterStats")]
    public async Task Dashboard_Anonymous_IsUnauthorized(string path)
    {
        var response = await _api.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/DashboardCounters")]
    [InlineData("/dashboard/ClusterStats")]
    public async Task Dashboard_PlainUser_IsForbidden(string path)
    {
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);

        var response = await _api.GetAsync(path, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Admin_GetsThePageAndTheSilosCounters()
    {
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var admin = await fx.Factory.GrantRoleAsync(token, "admin");

        var page = await _api.GetAsync("/dashboard/", admin);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The silo's statistics are gathered on the dashboard's own interval: a busy machine may not have the first yet.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string body;
        int hosts;
        do
        {
            using var counters = await _api.GetAsync("/dashboard/DashboardCounters", admin);
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            body = await counters.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            hosts = json.RootElement.GetProperty("totalActiveHostCount").GetInt32();
            if (hosts == 0) await Task.Delay(500);
        }
        while (hosts == 0 && DateTime.UtcNow < deadline);
        Assert.True(hosts >= 1, body[..Math.Min(body.Length, 500)]);
    }
}
