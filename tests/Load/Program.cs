using System.Net;
using SocialFlow.Load;

// Load generator for SocialFlow (see README "Performance"): loopback only, bounded in time, prints a report.
var options = LoadOptions.Parse(args);
foreach (var line in MachineNoise.Describe()) Console.WriteLine($"machine: {line}");
Scenario.TimelineDirectory = options.Timeline;
if (options.Scenario == "chat-self-check")
{
    Console.WriteLine("delivery statistics self-check:");
    return DeliveryRecorder.SelfCheck() ? 0 : 1;
}
if (options.Scenario == "payments") return await PaymentsBenchmark.RunAsync(options);
if (options.Scenario == "ads") return await AdsBenchmark.RunAsync(options);
if (options.Scenario == "viral") return ViralEvaluation.Run();
await using var host = options.Url is null ? await HostProcess.StartAsync() : null;
var url = options.Url ?? host!.Url;
var connectionString = options.TargetDatabase ?? host!.ConnectionString;
var signingKey = host?.SigningKey ?? Environment.GetEnvironmentVariable("SocialFlow__Jwt__SigningKey")
    ?? throw new InvalidOperationException("--url needs SocialFlow__Jwt__SigningKey (the target host's key) in the environment.");

Console.WriteLine($"target {url}; seeding {options.Users} users and {options.Videos} videos in PostgreSQL …");
var (tokens, videos, users) = await Seeder.SeedAsync(connectionString, signingKey, options.Users, options.Videos);
if (options.Scenario == "feed") return await FeedBenchmark.RunAsync(options, url, connectionString, tokens, users);
if (options.Scenario == "recommendations") return await RecommendationsBenchmark.RunAsync(options, host, url, connectionString, users, tokens, host?.ProcessId ?? options.Chat.HostPid);
if (options.Scenario == "trending") return await TrendingBenchmark.RunAsync(options, url, connectionString, videos, users, tokens);
if (options.Scenario == "analytics") return await AnalyticsBenchmark.RunAsync(options, url, connectionString, videos, users, tokens);
if (options.Scenario == "search") return await SearchBenchmark.RunAsync(options, url, connectionString, users, tokens, host?.ProcessId ?? options.Chat.HostPid);
if (options.Scenario == "moderation") return await ModerationBenchmark.RunAsync(options, host, url, connectionString, signingKey, users, tokens);
if (options.Scenario is "chat" or "chat-overload") return await ChatBenchmark.RunAsync(options, url, connectionString, tokens, host?.ProcessId ?? options.Chat.HostPid);
var before = await Seeder.CountLikesAsync(connectionString);

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
})
{ BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

long acceptedNewLikes = 0;
var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
var like = new Scenario("like", "POST /videos/{id}/like", r => Scenario.Request(HttpMethod.Post,
        $"/api/v1/videos/{videos[r.Next(videos.Length)]}/like", tokens[r.Next(tokens.Length)]),
    async response =>
    {
        if ((await response.Content.ReadAsStringAsync()).Contains("\"changed\":true", StringComparison.Ordinal)) Interlocked.Increment(ref acceptedNewLikes);
    });
var counts = new Scenario("counts", "GET /videos/{id}/counts", r => Scenario.Request(HttpMethod.Get,
    $"/api/v1/videos/{videos[r.Next(videos.Length)]}/counts", tokens[r.Next(tokens.Length)]));
var video = new Scenario("video", "GET /videos/{id}", r => Scenario.Request(HttpMethod.Get,
    $"/api/v1/videos/{videos[r.Next(videos.Length)]}", tokens[r.Next(tokens.Length)]));
Scenario[] scenarios = [live, .. new[] { like, video, counts }.Where(s => options.Only is null || options.Only.Contains(s.Key))];

Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({options.Connections} connections) …");
var warmUntil = DateTime.UtcNow + options.Warmup;
while (DateTime.UtcNow < warmUntil)
{
    foreach (var s in scenarios) await s.RunAsync(http, options.Connections, TimeSpan.FromSeconds(2), measure: false);
}
var likesAfterWarmup = Interlocked.Exchange(ref acceptedNewLikes, 0);

Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario …");
var (noiseBefore, measuring) = (MachineNoise.CpuTime(), System.Diagnostics.Stopwatch.StartNew());
for (var round = 1; round <= options.Rounds; round++)
{
    foreach (var s in scenarios) await s.RunAsync(http, options.Connections, options.Round, measure: true, host?.ProcessId);
    Console.WriteLine($"  after round {round} (running rates): " + string.Join("  ", scenarios.Select(s => $"{s.Name} {s.RequestsPerSecond:0}/s")));
}

Report.Print(scenarios, live);
MachineNoise.PrintUsedSince(noiseBefore, measuring.Elapsed);
var after = await Seeder.CountLikesAsync(connectionString);
var accepted = likesAfterWarmup + acceptedNewLikes;
var exact = after.Rows - before.Rows == accepted && after.Counted - before.Counted == accepted;
Console.WriteLine($"likes: {accepted} acknowledged as new (warm-up included); database rows +{after.Rows - before.Rows}, counters +{after.Counted - before.Counted}: {(exact ? "EXACT" : "MISMATCH")}");
return exact ? 0 : 1;
