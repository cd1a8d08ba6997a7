namespace SocialFlow.ApiHost.Tests.Operations;

/// <summary>
/// scripts/health-check.sh against a running backend: every check passes; an event stuck in the outbox for ten minutes,
/// or an API that does not answer, fails it (exit 1) and names what failed.
/// </summary>
public sealed class HealthCheckScriptTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sf-health-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;
    private ApiFactory _api = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        Directory.CreateDirectory(_dataDirectory);
        _api = new ApiFactory(_db.ConnectionString, new Dictionary<string, string?> { ["SocialFlow:DataDirectory"] = _dataDirectory });
        _api.UseKestrel(0);
        _api.StartServer();
        _environment = new()
        {
            ["SocialFlow__Postgres__ConnectionString"] = _db.ConnectionString,
            ["SocialFlow__Redis__ConnectionString"] = TestDatabase.Redis,
            ["SocialFlow__DataDirectory"] = _dataDirectory,
            ["SF_MIN_FREE_PERCENT"] = "1",
        };
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _db.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task ARunningBackend_PassesEveryCheck_AStuckEventOrASilentApiFails()
    {
        var url = _api.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        var (exit, output) = await OperatorScript.RunAsync("health-check.sh", [url], _environment);
        Assert.True(exit == 0, output);
        foreach (var check in new[] { "api", "postgres", "events", "redis", "disk" }) Assert.Matches($"(?m)^ok +{check} ", output);

        // Claimed an hour ahead, so no dispatcher takes it: undelivered for ten minutes, as if its consumer kept failing.
        await _db.ExecuteAsync("""
            INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload, created_at, lease_until)
            VALUES (gen_random_uuid(), 'posts', gen_random_uuid(), gen_random_uuid(), 'stuck', '{}', now() - interval '10 minutes', now() + interval '1 hour')
            """);
        (exit, output) = await OperatorScript.RunAsync("health-check.sh", [url], _environment);
        Assert.Equal(1, exit);
        Assert.Matches("(?m)^FAIL +events +1 undelivered, oldest 6[0-9]{2} s", output);

        (exit, output) = await OperatorScript.RunAsync("health-check.sh", ["http://127.0.0.1:9"], _environment);
        Assert.Equal(1, exit);
        Assert.Matches("(?m)^FAIL +api ", output);
    }
}
