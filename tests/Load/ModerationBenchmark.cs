using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.ApiHost.Auth;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario moderation`. Seeds 100,000 open reports over 20,000 targets in PostgreSQL (5 reporters each, reasons
/// and reach spread, each target's case with its counts and priority as filing would leave them), then (a) measures a
/// moderator's first queue page (`GET /moderation/queue`, 20 items; unfiltered and filtered by target type and
/// reason) against `GET /health/live` in interleaved rounds, goal p99 under 50 ms; (b) with a second API host (an
/// Orleans client of the first's silo), times from an admin's ban answered on the first host until the banned
/// account's next request is refused on the second, five times, goal under 1 s.
/// </summary>
public static class ModerationBenchmark
{
    public const int Targets = 20_000, ReportsPerTarget = 5;

    public static async Task<int> RunAsync(LoadOptions options, HostProcess? host, Uri url, string connectionString, string signingKey, Guid[] users, string[] tokens)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var issuer = new AccessTokenIssuer(Options.Create(new JwtOptions { SigningKey = signingKey }), TimeProvider.System);
        // Eight moderators, so that no one of them meets the per-user rate limit (a real team spreads the same way).
        var moderators = await Task.WhenAll(users[^8..].Select(u => PromoteAsync(db, issuer, u, AccountRoles.Moderator)));
        var admin = await PromoteAsync(db, issuer, users[1], AccountRoles.Admin);
        var seeding = Stopwatch.StartNew();
        await SeedQueueAsync(db, users);
        Console.WriteLine($"seeded {Targets * ReportsPerTarget:N0} open reports over {Targets:N0} targets in {seeding.Elapsed.TotalSeconds:0.0} s");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var queue = new Scenario("queue", "GET /moderation/queue", r => Scenario.Request(HttpMethod.Get, "/api/v1/moderation/queue", moderators[r.Next(moderators.Length)]));
        var filtered = new Scenario("filtered", "GET /moderation/queue?type&reason", r => Scenario.Request(HttpMethod.Get,
            $"/api/v1/moderation/queue?target_type={TargetTypes[r.Next(TargetTypes.Length)]}&reason={Reasons[r.Next(Reasons.Length)]}", moderators[r.Next(moderators.Length)]));
        Scenario[] scenarios = [live, queue, filtered];
        // A moderation team is a few people, not thousands: a handful of concurrent readers.
        var readers = Math.Min(options.Connections, 8);
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({readers} connections) …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in scenarios) await s.RunAsync(http, readers, TimeSpan.FromSeconds(2), measure: false);
        }
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario …");
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var s in scenarios) await s.RunAsync(http, readers, options.Round, measure: true);
        }
        Report.Print(scenarios, live);
        var queueP99 = queue.Latency.GetValueAtPercentile(99) / 1000.0;
        Console.WriteLine($"queue first page p99 {queueP99:0.0} ms (goal under 50 ms)");

        var ok = queue.Errors == 0 && filtered.Errors == 0;
        if (host is null)
        {
            Console.WriteLine("(--url given: the suspension timing needs the second API host this tool starts itself; skipped)");
            return ok ? 0 : 1;
        }
        await using var second = await host.StartClientAsync();
        Console.WriteLine($"second API host (Orleans client of the first's silo) at {second.Url}");
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var victim = 2 + i;
            times.Add(await TimeBanAsync(http, second.Url, admin, await UsernameAsync(db, users[victim]), tokens[victim]));
            Console.WriteLine($"  ban {i + 1}: refused on the other host {times[^1]:0} ms after the ban was answered");
        }
        Console.WriteLine($"suspend → refused on another API host: max {times.Max():0} ms, median {times.Order().ElementAt(times.Count / 2):0} ms (goal under 1,000 ms)");
        return ok && times.All(t => t >= 0) ? 0 : 1;
    }

    private static readonly string[] TargetTypes = ["post", "video", "comment", "user"];
    private static readonly string[] Reasons = ["spam", "harassment", "hate", "violence", "sexual", "self_harm", "copyright", "misinformation", "illegal", "other"];

    /// <summary>The account gets the role in PostgreSQL before its first request (the user grain reads it on activation), and a token claiming it.</summary>
    private static async Task<string> PromoteAsync(NpgsqlDataSource db, AccessTokenIssuer issuer, Guid user, string role)
    {
        await using var cmd = db.CreateCommand("UPDATE accounts SET roles = ARRAY['user', $2] WHERE id = $1 RETURNING username");
        cmd.Parameters.Add(new() { Value = user });
        cmd.Parameters.Add(new() { Value = role });
        var name = (string)(await cmd.ExecuteScalarAsync())!;
        await using var session = db.CreateCommand("SELECT id FROM sessions WHERE user_id = $1 LIMIT 1");
        session.Parameters.Add(new() { Value = user });
        var sessionId = (Guid)(await session.ExecuteScalarAsync())!;
        return issuer.Issue(user, new SignInResult(SignInStatus.Succeeded, sessionId, "unused", name, [AccountRoles.User, role])).AccessToken;
    }

    /// <summary>What filing would leave: the cases with their snapshots, the reports, then each case's counts, reasons, weight (a new reporter's accuracy is 0.5), priority and latest reports.</summary>
    private static async Task SeedQueueAsync(NpgsqlDataSource db, Guid[] users)
    {
        await Execute(db, """
            INSERT INTO moderation_cases (id, target_type, target_id, owner_id, reach, snapshot, opened_at)
            SELECT gen_random_uuid(), (ARRAY['post', 'video', 'comment', 'user'])[1 + i % 4], gen_random_uuid(),
                   $1[1 + (i * 7) % array_length($1, 1)], (i * 7919) % 100000,
                   jsonb_build_object('text', 'seeded target ' || i, 'reach', (i * 7919) % 100000), now() - make_interval(secs => i)
            FROM generate_series(1, $2) AS i
            """, users, Targets);
        await Execute(db, """
            INSERT INTO reports (id, reporter_id, case_id, target_type, target_id, reason, text)
            SELECT gen_random_uuid(), $1[1 + (c.n * $2 + k) % array_length($1, 1)], c.id, c.target_type, c.target_id,
                   (ARRAY['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'copyright', 'misinformation', 'illegal', 'other'])[1 + (c.n * 3 + k * 7) % 10],
                   'seeded report ' || k
            FROM (SELECT id, target_type, target_id, row_number() OVER (ORDER BY id) AS n FROM moderation_cases) c, generate_series(0, $2 - 1) AS k
            """, users, ReportsPerTarget);
        await Execute(db, """
            UPDATE moderation_cases m SET report_count = r.n, reporter_count = r.n, reasons = r.reasons, weight = r.weight,
                   priority = moderation_priority(r.weight, 0, 0, m.reach)
            FROM (SELECT case_id, count(*)::int AS n, array_agg(DISTINCT reason) AS reasons,
                         sum(0.5 * CASE reason WHEN 'spam' THEN 1 WHEN 'other' THEN 1 WHEN 'harassment' THEN 3 WHEN 'copyright' THEN 2
                             WHEN 'misinformation' THEN 2 WHEN 'self_harm' THEN 5 WHEN 'illegal' THEN 5 ELSE 4 END) AS weight
                  FROM reports GROUP BY case_id) r
            WHERE m.id = r.case_id
            """);
        await Execute(db, """
            UPDATE moderation_cases m SET latest_reports = (
                SELECT jsonb_agg(jsonb_build_object('reason', reason, 'text', text, 'createdAt', created_at) ORDER BY created_at DESC)
                FROM (SELECT reason, text, created_at FROM reports WHERE case_id = m.id ORDER BY created_at DESC LIMIT 3) r)
            """);
        await Execute(db, "ANALYZE moderation_cases; ANALYZE reports");
    }

    /// <summary>Warms the victim's session on the second host (cached there), bans it through the first, then polls the second until refused.</summary>
    private static async Task<double> TimeBanAsync(HttpClient first, Uri secondUrl, string admin, string username, string victimToken)
    {
        using var second = new HttpClient { BaseAddress = secondUrl, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 3; i++)
        {
            using var warm = await second.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/users/me", victimToken));
            if (warm.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"the victim's request answered {(int)warm.StatusCode} before the ban");
        }
        using var ban = Scenario.Request(HttpMethod.Post, $"/api/v1/admin/users/{username}/ban", admin);
        ban.Content = JsonContent.Create(new { reason = "load test" });
        using var banned = await first.SendAsync(ban);
        if (banned.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"the ban answered {(int)banned.StatusCode}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var probe = await second.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/users/me", victimToken));
            if (probe.StatusCode == HttpStatusCode.Unauthorized) return clock.Elapsed.TotalMilliseconds;
            await Task.Delay(5);
        }
        return -1;
    }

    private static async Task<string> UsernameAsync(NpgsqlDataSource db, Guid user)
    {
        await using var cmd = db.CreateCommand("SELECT username FROM accounts WHERE id = $1");
        cmd.Parameters.Add(new() { Value = user });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new() { Value = a });
        cmd.CommandTimeout = 300;
        await cmd.ExecuteNonQueryAsync();
    }
}
