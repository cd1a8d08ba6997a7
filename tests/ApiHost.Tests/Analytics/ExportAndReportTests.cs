using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using SocialFlow.ApiHost.Analytics;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>GET /analytics/export (RFC 4180 CSV, JSON lines) and reports made on request with SVG charts.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class ExportAndReportTests(AnalyticsFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public void Csv_QuotesFieldsWithCommasQuotesAndLineBreaks_AndEndsRecordsWithCrlf()
    {
        Assert.Equal("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n", Csv.Record("plain", "a,b", "say \"hi\"", "two\r\nlines"));
    }

    [Fact]
    public async Task ExportCsv_IsRfc4180_WithAHeader_AndEqualsTheRollups()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        await _client.TrackOkAsync(token, View("view_start", video), View("view_progress", video, seconds: 42));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var response = await _client.GetAsync($"/api/v1/analytics/export?scope=items&from={today}&to={today}&format=csv", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal)); // every line ends in CRLF
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,scope,id,metric,value", lines[0]);
        Assert.Contains($"{today},items,{video},views,1", lines);
        Assert.Contains($"{today},items,{video},watch_seconds,42", lines);
        Assert.All(lines.Skip(1), l => Assert.Equal(5, l.Split(',').Length));
        Assert.DoesNotContain(lines, l => l.Contains(creator.ToString(), StringComparison.Ordinal)); // items only, not the creator row
    }

    [Fact]
    public async Task ExportJson_IsOneObjectPerLine()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        await _client.TrackOkAsync(token, View("view_start", video));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var text = await (await _client.GetAsync($"/api/v1/analytics/export?scope=creator&from={today}&to={today}&format=json", token)).Content.ReadAsStringAsync();

        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var views = rows.Single(r => r.GetProperty("metric").GetString() == "views");
        Assert.Equal((creator, 1L, "creator"), (views.GetProperty("id").GetGuid(), views.GetProperty("value").GetInt64(), views.GetProperty("scope").GetString()));
    }

    [Fact]
    public async Task Report_Requested_Is202_ThenReady_WithItsBodyAndSvgCharts_OnlyForItsOwner()
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        await _client.TrackOkAsync(token, View("view_start", video));

        var requested = await _client.PostJsonAsync("/api/v1/analytics/reports", new { days = 7 }, token);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var id = (await requested.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/analytics/reports/{id}", requested.Headers.Location?.ToString());

        var ready = await Eventually.ValueAsync(async () => await (await _client.GetAsync($"/api/v1/analytics/reports/{id}", token)).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() != "pending", Within);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var body = await (await _client.GetAsync(ready.GetProperty("download_url").GetString()!, token)).ReadJsonAsync();
        Assert.Equal(1, body.GetProperty("totals").GetProperty("views").GetInt64());
        var chartUrl = ready.GetProperty("charts").EnumerateArray().First().GetString()!;
        var chart = await _client.GetAsync(chartUrl, token);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await chart.Content.ReadAsStringAsync());
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Root!.Name.ToString());
        Assert.Equal(7, svg.Descendants("{http://www.w3.org/2000/svg}rect").Count(r => r.Attribute("fill")?.Value == "#3b82f6")); // a bar per day
        var list = await (await _client.GetAsync("/api/v1/analytics/reports", token)).ReadJsonAsync();
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetGuid());

        var (_, stranger) = await api.Factory.UserAsync(api.Database.ConnectionString);
        await (await _client.GetAsync($"/api/v1/analytics/reports/{id}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync(chartUrl, stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
