using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SocialFlow.Testing.Cluster;

public sealed record SiloProcess(int Index, int SiloPort, int GatewayPort, HostProcess Host)
{
    public override string ToString() => $"{Host.Name} (silo port {SiloPort}, gateway {GatewayPort}, pid {Host.Pid})";
}

/// <summary>
/// A real cluster on this machine: N silo processes and one API host in Client mode, Redis membership,
/// a fresh PostgreSQL database and cluster id. Logs go to a temporary folder, deleted only when the test
/// calls <see cref="Passed"/>; otherwise their tails are written to the test output.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const string ServiceId = "socialflow";
    public const string SigningKey = "dGVzdC1zaWduaW5nLWtleS10aGF0LWlzLWxvbmctZW5vdWdoLWZvci1obWFjLXNoYTI1Ng==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<int> _ports = [];
    private readonly List<SiloProcess> _silos = [];
    private TestDatabase? _database;
    private HostProcess? _api;
    private IHost? _orleansClient;
    private bool _passed;
    private IReadOnlyDictionary<string, string> _siloSettings = new Dictionary<string, string>();

    public string ClusterId { get; } = "cluster-test-" + Guid.NewGuid().ToString("N")[..10];
    public string Directory { get; }
    public IReadOnlyList<SiloProcess> Silos => _silos;
    public HttpClient Api { get; private set; } = null!;
    public HostProcess ApiHost => _api ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The cluster's own PostgreSQL database, for checking what was committed.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The cluster has not started.");
    public TimeSpan Elapsed => _clock.Elapsed;

    private LocalCluster(ITestOutputHelper output)
    {
        _output = output;
        Directory = Path.Combine(Path.GetTempPath(), "socialflow-cluster-tests", ClusterId);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "data"));
    }

    /// <summary>
    /// Starts the silos and the API host together, and returns once the API is ready and every silo is an active member.
    /// <paramref name="apiSettings"/> (environment variables, e.g. SocialFlow__RateLimits__PerUserPerSecond) are added to the API host's,
    /// <paramref name="siloSettings"/> to every silo's.
    /// </summary>
    public static async Task<LocalCluster> StartAsync(ITestOutputHelper output, int silos,
        IReadOnlyDictionary<string, string>? apiSettings = null, IReadOnlyDictionary<string, string>? siloSettings = null)
    {
        var cluster = new LocalCluster(output) { _siloSettings = siloSettings ?? new Dictionary<string, string>() };
        try
        {
            cluster._database = await TestDatabase.CreateAsync();
            var started = Enumerable.Range(0, silos).Select(_ => cluster.StartSilo()).ToList();
            cluster.StartApiHost(apiSettings ?? new Dictionary<string, string>());
            await Task.WhenAll(started.Select(s => s.Host.WaitUntilReadyAsync(StartTimeout)).Append(cluster._api!.WaitUntilReadyAsync(StartTimeout)));
            await cluster.WaitForActiveSilosAsync(started, TimeSpan.FromSeconds(30));
            cluster.Log($"cluster {cluster.ClusterId} ready: {silos} silos and the API host at {cluster._api.BaseAddress}");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public SiloProcess StartSilo()
    {
        var index = _silos.Count;
        var (siloPort, gatewayPort, httpPort) = (NextPort(), NextPort(), NextPort());
        var settings = CommonSettings(httpPort);
        settings["SocialFlow__Orleans__SiloPort"] = siloPort.ToString();
        settings["SocialFlow__Orleans__GatewayPort"] = gatewayPort.ToString();
        foreach (var (key, value) in _siloSettings) settings[key] = value;
        var silo = new SiloProcess(index, siloPort, gatewayPort, HostProcess.Start($"silo-{index}", BuiltHosts.Silo, settings, Directory));
        _silos.Add(silo);
        Log($"started {silo}");
        return silo;
    }

    /// <summary>SIGKILLs the silo and returns the moment it died on this cluster's clock (when the signal was sent).</summary>
    public TimeSpan Kill(SiloProcess silo)
    {
        var at = Elapsed; // not after Kill(), which also waits for the exit: on a busy machine that can take a while
        silo.Host.Kill();
        Log($"killed {silo}");
        return at;
    }

    /// <summary>Where the cluster says the grain is activated (it must be activated, on one of this cluster's silos).</summary>
    public async Task<SiloProcess> SiloHostingAsync(IAddressable grain, bool log = true)
    {
        var client = await OrleansClientAsync();
        var address = await client.Ref<IManagementGrain>(0).GetActivationAddress(grain).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var silo = _silos.SingleOrDefault(s => s.SiloPort == address?.Endpoint.Port)
            ?? throw new InvalidOperationException($"{grain.GetGrainId()} is activated at {address?.ToString() ?? "no silo"}, not on a silo of this cluster.");
        if (log) Log($"{grain.GetGrainId()} is activated on {silo.Host.Name}");
        return silo;
    }

    public async Task<TGrain> GrainAsync<TGrain>(Guid key) where TGrain : IGrainWithGuidKey =>
        (await OrleansClientAsync()).Ref<TGrain>(key);

    public async Task<TGrain> GrainAsync<TGrain>(long key) where TGrain : IGrainWithIntegerKey =>
        (await OrleansClientAsync()).GetGrain<TGrain>(key);

    /// <summary>Waits until exactly these silos are the cluster's active members.</summary>
    public async Task WaitForActiveSilosAsync(IReadOnlyCollection<SiloProcess> expected, TimeSpan timeout)
    {
        var client = await OrleansClientAsync();
        var wanted = expected.Select(s => s.SiloPort).Order().ToList();
        var deadline = DateTime.UtcNow + timeout;
        List<int> active = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var hosts = await client.Ref<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5));
                active = hosts.Keys.Select(k => k.Endpoint.Port).Order().ToList();
                if (active.SequenceEqual(wanted)) return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // A member just died: ask again.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"active silo ports [{string.Join(", ", active)}], expected [{string.Join(", ", wanted)}] within {timeout.TotalSeconds:0} s");
    }

    /// <summary>Registers and signs in <paramref name="count"/> users through the API, a few at a time (each costs an Argon2id hash).</summary>
    public async Task<LoadUser[]> SignUpAsync(int count)
    {
        var users = new LoadUser[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (user, tokens) = await Api.SignUpAsync();
            users[i] = new LoadUser(user.Id, tokens.AccessToken);
        });
        return users;
    }

    /// <summary>After a kill: waits (bounded) until exactly the survivors are members and /health/ready answers 200.</summary>
    public async Task WaitUntilServingAsync(IReadOnlyCollection<SiloProcess> survivors, TimeSpan timeout)
    {
        var deadline = Elapsed + timeout;
        await WaitForActiveSilosAsync(survivors, timeout);
        while (true)
        {
            using var ready = await Api.GetAsync("/health/ready");
            if (ready.StatusCode == System.Net.HttpStatusCode.OK) return;
            Assert.True(Elapsed < deadline, $"/health/ready still answers {(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }

    public void Log(string message) => _output.WriteLine($"[{Elapsed.TotalSeconds,7:0.000}s] {message}");

    /// <summary>Call last in a test: its logs are then deleted rather than kept for diagnosis.</summary>
    public void Passed() => _passed = true;

    public async ValueTask DisposeAsync()
    {
        if (_orleansClient is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _orleansClient.StopAsync(stop.Token); } catch (Exception e) when (e is OperationCanceledException or OrleansException) { }
            _orleansClient.Dispose();
        }
        Api?.Dispose();
        var hosts = _silos.Select(s => s.Host).Append(_api).OfType<HostProcess>().ToList();
        foreach (var host in hosts) host.Dispose();
        if (!_passed)
        {
            foreach (var host in hosts) _output.WriteLine(host.Tail());
            _output.WriteLine($"logs kept in {Directory}");
        }
        await RemoveMembershipAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_passed) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void StartApiHost(IReadOnlyDictionary<string, string> extra)
    {
        var settings = CommonSettings(NextPort());
        settings["SocialFlow__Orleans__Mode"] = "Client";
        settings["SocialFlow__Jwt__SigningKey"] = SigningKey;
        settings["SocialFlow__Throttle__RegistrationsPerIp"] = "100000";
        settings["SocialFlow__Throttle__LoginAttemptsPerIp"] = "100000";
        settings["SocialFlow__RateLimits__PerIpPerSecond"] = "1000";
        settings["SocialFlow__RateLimits__PerIpBurst"] = "5000";
        foreach (var (key, value) in extra) settings[key] = value;
        _api = HostProcess.Start("api", BuiltHosts.ApiHost, settings, Directory);
        Api = new HttpClient { BaseAddress = _api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Log($"started api host (pid {_api.Pid}) at {_api.BaseAddress}");
    }

    private Dictionary<string, string> CommonSettings(int httpPort) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{httpPort}",
        ["SocialFlow__Postgres__ConnectionString"] = _database!.ConnectionString,
        ["SocialFlow__Redis__ConnectionString"] = TestDatabase.Redis,
        // Processes start and stop many times here: each opening its whole prepared pool at start would crowd the server.
        ["SocialFlow__Postgres__PreparedWarmConnections"] = "2",
        ["SocialFlow__Orleans__Clustering"] = "Redis",
        ["SocialFlow__Orleans__ClusterId"] = ClusterId,
        ["SocialFlow__Orleans__ServiceId"] = ServiceId,
        ["SocialFlow__Orleans__FastFailureDetection"] = "true",
        ["SocialFlow__DataDirectory"] = Path.Combine(Directory, "data"),
        // Each process its own Prometheus listener (the defaults, 9464 and 9465, are one per machine).
        [HostProcess.MetricsSetting] = $"http://127.0.0.1:{NextPort()}",
        // Orleans' placement pipeline logs every decision at Information.
        ["Logging__LogLevel__Polly"] = "Warning",
    };

    private int NextPort()
    {
        while (true)
        {
            var port = FreePort.Next();
            if (_ports.Add(port)) return port;
        }
    }

    private async Task<IClusterClient> OrleansClientAsync()
    {
        if (_orleansClient is null)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.UseOrleansClient(client =>
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestDatabase.Redis));
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
            });
            _orleansClient = builder.Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _orleansClient.StartAsync(timeout.Token);
        }
        return _orleansClient.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The membership table (Orleans' default Redis key) would otherwise stay in the shared test Redis.</summary>
    private async Task RemoveMembershipAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestDatabase.Redis);
            await redis.GetDatabase().KeyDeleteAsync($"{ServiceId}/members/{ClusterId}");
        }
        catch (RedisException e)
        {
            _output.WriteLine($"could not remove the membership table of {ClusterId}: {e.Message}");
        }
    }
}
