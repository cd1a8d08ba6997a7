using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario ads`. Starts the API host with ads settings (pacing's lead a whole day, so that budgets can run out
/// within a run), seeds users, videos opted in to ads and serving campaigns with approved creatives (in their tables,
/// as a moderator's approval leaves them), then:
/// 1. ad decisions (`GET /ads/video/{id}`: targeting, frequency caps, the campaign's reservation and the ad_serves row)
///    in interleaved rounds against `GET /health/live`: rate, p50/p99 and the ratio;
/// 2. overspend: those campaigns ended, --campaigns new ones with budgets of 100 ads each, and --connections workers
///    asking for ads and posting each impression until every budget is spent (or 60 s); then, per campaign, what was
///    spent against its budget. The goal is 0 overspent.
/// </summary>
public static class AdsBenchmark
{
    private const int CampaignsServing = 20;
    private const long AdsPerBudget = 100;
    private static readonly TimeSpan ExhaustLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["SocialFlow__Ads__PacingLead"] = "1.00:00:00",
            ["SocialFlow__Ads__CatalogRefresh"] = "00:00:01",
        });
        Console.WriteLine($"target {host.Url}; seeding {options.Users} users, {options.Videos} videos opted in and {CampaignsServing} campaigns …");
        var (tokens, videos, users) = await Seeder.SeedAsync(host.ConnectionString, host.SigningKey, options.Users, options.Videos);
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        await OptInAsync(db, videos, users);
        var serving = await CampaignsAsync(db, users[0], videos[0], CampaignsServing, totalBudget: 1_000_000_000);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(30) };
        await Task.Delay(TimeSpan.FromSeconds(2)); // the silo's catalog of serving campaigns

        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var decide = new Scenario("ad", "GET /ads/video/{id}", r => Scenario.Request(HttpMethod.Get, $"/api/v1/ads/video/{videos[r.Next(videos.Length)]}", tokens[r.Next(tokens.Length)]));
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in new[] { live, decide }) await s.RunAsync(http, options.Connections, TimeSpan.FromSeconds(2), measure: false);
        }
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s …");
        Scenario[] scenarios = [live, decide];
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var s in scenarios) await s.RunAsync(http, options.Connections, options.Round, measure: true, host.ProcessId);
        }
        Report.Print(scenarios, live);

        foreach (var id in serving) await EndAsync(http, tokens[0], id);
        var exhausted = await CampaignsAsync(db, users[0], videos[0], Math.Max(1, options.Campaigns), totalBudget: AdsPerBudget);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (served, counted, elapsed) = await ExhaustAsync(http, options.Connections, videos, tokens);
        var overspent = await OverspendAsync(db, exhausted);
        Console.WriteLine($"overspend: {exhausted.Length} campaigns of {AdsPerBudget} ads each; {served} ads served, {counted} impressions counted in {elapsed.TotalSeconds:0.0} s; "
            + $"spent {overspent.Spent} of {overspent.Budget} budgeted; overspent {overspent.Over} (goal 0)");
        return decide.Errors == 0 && overspent.Over == 0 ? 0 : 1;
    }

    private static async Task OptInAsync(NpgsqlDataSource db, Guid[] videos, Guid[] users)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO ad_video_settings (video_id, owner_id, enabled, updated_at)
            SELECT v.id, v.owner_id, true, now() FROM videos v WHERE v.id = ANY($1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = videos });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Serving CPM campaigns (bid 1000: one unit per impression) of <paramref name="advertiser"/> for everyone,
    /// each with one approved creative.</summary>
    private static async Task<Guid[]> CampaignsAsync(NpgsqlDataSource db, Guid advertiser, Guid creativeVideo, int count, long totalBudget)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var cmd = db.CreateCommand("""
            INSERT INTO ad_campaigns (id, advertiser_id, name, currency, total_budget, daily_budget, bid_kind, bid, starts_at, ends_at, targeting,
                                      status, created_at, updated_at)
            SELECT id, $2, 'load', 'usd', $3, $3, 'cpm', 1000, now() - interval '1 minute', now() + interval '1 day',
                   '{"tags":[],"locales":[],"countries":[],"devices":[],"followers_of":[]}', 'active', now(), now()
            FROM unnest($1::uuid[]) AS id
            """);
        foreach (var value in new object[] { ids, advertiser, totalBudget }) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        await cmd.ExecuteNonQueryAsync();
        await using var creatives = db.CreateCommand("""
            INSERT INTO ad_creatives (id, campaign_id, video_id, click_url, status, created_at, reviewed_at)
            SELECT gen_random_uuid(), id, $2, 'https://shop.example/load', 'approved', now(), now() FROM unnest($1::uuid[]) AS id
            """);
        foreach (var value in new object[] { ids, creativeVideo }) creatives.Parameters.Add(new NpgsqlParameter { Value = value });
        await creatives.ExecuteNonQueryAsync();
        return ids;
    }

    private static async Task EndAsync(HttpClient http, string token, Guid campaign)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/ads/campaigns/{campaign}")
        { Content = new StringContent("""{"status":"ended"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Workers ask for ads and post each impression, until a whole second passes with no ad served anywhere.</summary>
    private static async Task<(long Served, long Counted, TimeSpan Elapsed)> ExhaustAsync(HttpClient http, int connections, Guid[] videos, string[] tokens)
    {
        long served = 0, counted = 0, lastServed = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        bool Done() => clock.Elapsed > ExhaustLimit || Stopwatch.GetElapsedTime(Interlocked.Read(ref lastServed)) > TimeSpan.FromSeconds(1);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            while (!Done())
            {
                using var ask = Scenario.Request(HttpMethod.Get, $"/api/v1/ads/video/{videos[random.Next(videos.Length)]}", tokens[random.Next(tokens.Length)]);
                using var answer = await http.SendAsync(ask);
                if (answer.StatusCode != HttpStatusCode.OK) continue;
                Interlocked.Increment(ref served);
                Interlocked.Exchange(ref lastServed, Stopwatch.GetTimestamp());
                var url = new Uri(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("impression_url").GetString()!);
                using var impression = await http.PostAsync(url.PathAndQuery, null);
                if (impression.StatusCode == HttpStatusCode.NoContent) Interlocked.Increment(ref counted);
            }
        })));
        return (served, counted, clock.Elapsed);
    }

    private static async Task<(long Budget, long Spent, long Over)> OverspendAsync(NpgsqlDataSource db, Guid[] campaigns)
    {
        await using var cmd = db.CreateCommand("""
            SELECT coalesce(sum(c.total_budget), 0)::bigint, coalesce(sum(s.spent), 0)::bigint, coalesce(sum(greatest(0, s.spent - c.total_budget)), 0)::bigint
            FROM ad_campaigns c
            LEFT JOIN (SELECT campaign_id, sum(cost_milli) / 1000 AS spent FROM ad_serves GROUP BY campaign_id) s ON s.campaign_id = c.id
            WHERE c.id = ANY($1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = campaigns });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }
}
