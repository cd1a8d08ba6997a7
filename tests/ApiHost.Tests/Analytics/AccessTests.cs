using System.Net;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>Whose figures one may read, and the 400s of unknown metrics and scopes.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class AccessTests(AnalyticsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task AnotherCreatorsDashboardAndExport_Are404_ButAnAdminSeesThem()
    {
        var (creator, _, video) = await api.CreatorWithVideoAsync();
        var (_, stranger) = await api.Factory.UserAsync(api.Database.ConnectionString);
        await _client.TrackOkAsync(stranger, View("view_start", video));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        await (await _client.GetAsync($"/api/v1/analytics/dashboard?creator_id={creator}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync($"/api/v1/analytics/export?scope=items&from={today}&to={today}&creator_id={creator}", stranger))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync("/api/v1/analytics/dashboard?scope=platform", stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var admin = await api.Factory.GrantRoleAsync(stranger, "admin");
        var seen = await _client.DashboardAsync(admin, $"creator_id={creator}&days=7&metrics=views");
        Assert.Equal(1, seen.GetProperty("totals").GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task PlatformDashboard_ForAdmins_HasActiveAccountsUploadsWatchTimeAndRevenue()
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        await _client.TrackOkAsync(token, View("view_start", video), View("view_progress", video, seconds: 7));
        var admin = await api.Factory.GrantRoleAsync(token, "admin");

        var platform = await _client.DashboardAsync(admin, "scope=platform&days=28");

        var totals = platform.GetProperty("totals");
        Assert.True(totals.GetProperty("active_accounts").GetInt64() >= 1);
        Assert.True(totals.GetProperty("watch_seconds").GetInt64() >= 7);
        Assert.True(totals.TryGetProperty("uploads", out _) && totals.TryGetProperty("revenue", out _));
        Assert.True(platform.GetProperty("monthly_active_accounts").GetInt64() >= 1);
        Assert.Equal(28, platform.GetProperty("series").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/analytics/dashboard?metrics=views,clicks_per_moon", "metrics")]
    [InlineData("/api/v1/analytics/dashboard?scope=galaxy", "scope")]
    [InlineData("/api/v1/analytics/dashboard?days=3", "days")]
    [InlineData("/api/v1/analytics/export?scope=everything&from=2026-01-01&to=2026-01-02", "scope")]
    [InlineData("/api/v1/analytics/export?scope=creator&from=2026-01-01&to=2026-01-02&format=xml", "format")]
    [InlineData("/api/v1/analytics/export?scope=creator&from=2026-01-05&to=2026-01-02", "to")]
    public async Task UnknownMetricsScopesAndFormats_Are400(string url, string field)
    {
        var (_, token) = await api.Factory.UserAsync(api.Database.ConnectionString);

        var errors = (await (await _client.GetAsync(url, token)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");

        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }
}
