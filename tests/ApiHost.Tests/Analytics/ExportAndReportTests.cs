using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Analytics;
using SocialFlow.Grains.Analytics;
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

    [Fact]
    public async Task Export_HasEachDaysDistinctCounts_AsRowsOfTheSameShape()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        var other = await api.Factory.ItemAsync(creator);
        var accounts = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (first, second) = (today.AddDays(-3), today.AddDays(-2));
        var (a, b, c) = (RawEvent.UserKey(accounts[0].Id), RawEvent.UserKey(accounts[1].Id), "a:viewer-export-uniques-c");
        // Day one: a (twice), b and c watch the video, c the other one too; day two: a and another viewer.
        await api.Factory.Services.GetRequiredService<AnalyticsWriter>().WriteAsync([
            Start(a, video, first), Start(a, video, first), Start(b, video, first), Start(c, video, first), Start(c, other, first),
            Start(a, video, second), Start("a:viewer-export-uniques-d", video, second),
        ]);

        var items = await CsvLinesAsync($"scope=items&from={first:yyyy-MM-dd}&to={second:yyyy-MM-dd}", token);
        Assert.Contains($"{first:yyyy-MM-dd},items,{video},unique_viewers,3", items);
        Assert.Contains($"{first:yyyy-MM-dd},items,{other},unique_viewers,1", items);
        Assert.Contains($"{second:yyyy-MM-dd},items,{video},unique_viewers,2", items);
        Assert.Contains($"{first:yyyy-MM-dd},items,{video},views,4", items); // the counters stay beside them
        var own = await CsvLinesAsync($"scope=creator&from={first:yyyy-MM-dd}&to={second:yyyy-MM-dd}", token);
        Assert.Contains($"{first:yyyy-MM-dd},creator,{creator},unique_viewers,3", own);
        Assert.Contains($"{second:yyyy-MM-dd},creator,{creator},unique_viewers,2", own);

        var admin = await api.Factory.GrantRoleAsync(token, "admin");
        var platform = await CsvLinesAsync($"scope=platform&from={first:yyyy-MM-dd}&to={first:yyyy-MM-dd}", admin);
        var active = platform.Single(l => l.StartsWith($"{first:yyyy-MM-dd},platform,{Guid.Empty},active_accounts,", StringComparison.Ordinal));
        Assert.True(long.Parse(active.Split(',')[4], CultureInfo.InvariantCulture) >= 2, active); // a and b; c is no account
    }

    [Fact]
    public async Task ReportsList_PagesNewestFirst_ThePagesJoinedAreTheWholeList_AndATamperedCursorIs400()
    {
        var (_, token) = await api.Factory.UserAsync(api.Database.ConnectionString);
        var requested = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var response = await _client.PostJsonAsync("/api/v1/analytics/reports", new { days = 7 }, token);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            requested.Add((await response.ReadJsonAsync()).GetProperty("id").GetGuid());
        }
        requested.Reverse();

        var whole = await (await _client.GetAsync("/api/v1/analytics/reports?limit=100", token)).ReadJsonAsync();
        Assert.Equal(requested, whole.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next_cursor").ValueKind);
        var paged = new List<Guid>();
        string? cursor = null, firstCursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var query = cursor is null ? "limit=2" : $"limit=2&cursor={Uri.EscapeDataString(cursor)}";
            var page = await (await _client.GetAsync($"/api/v1/analytics/reports?{query}", token)).ReadJsonAsync();
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
            firstCursor ??= cursor;
            if (cursor is null) break;
        }
        Assert.Equal(requested, paged);

        var at = firstCursor!.Length / 2; // a character in the middle: at least one byte changes
        var tampered = firstCursor[..at] + (firstCursor[at] == 'A' ? 'B' : 'A') + firstCursor[(at + 1)..];
        await (await _client.GetAsync($"/api/v1/analytics/reports?cursor={tampered}", token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _client.GetAsync("/api/v1/analytics/reports?limit=101", token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
    }

    private static RawEvent Start(string actor, Guid item, DateOnly day) =>
        new(actor, actor.StartsWith("u:", StringComparison.Ordinal) ? Guid.ParseExact(actor[2..], "N") : null, Guid.NewGuid().ToString("N"), "view_start",
            new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), ItemId: item);

    private async Task<string[]> CsvLinesAsync(string query, string token)
    {
        var response = await _client.GetAsync($"/api/v1/analytics/export?{query}&format=csv", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
