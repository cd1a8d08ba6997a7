using System.Net;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>The Orleans dashboard at /dashboard: admins only.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OrleansDashboardTests(TelemetryFixture fx)
{
    private readonly HttpClient _api = fx.CreateClient();

    [Fact]
    public async Task Dashboard_Anonymous_IsUnauthorized()
    {
        var response = await _api.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_PlainUser_IsForbidden()
    {
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);

        var response = await _api.GetAsync("/dashboard/", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Admin_GetsThePageAndTheClusterData()
    {
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var admin = await fx.Factory.GrantRoleAsync(token, "admin");

        var page = await _api.GetAsync("/dashboard/", admin);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
