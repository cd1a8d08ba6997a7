using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace SocialFlow.Load;

/// <summary>
/// A fresh database on the test profile's PostgreSQL and the Release API host (co-hosted silo) started on it as a
/// child process on 127.0.0.1; <see cref="StartClientAsync"/> adds a second API host, an Orleans client of the first's
/// silo. Disposing stops the host and drops the database (a client host has no database of its own), unless
/// SF_LOAD_KEEP_DB=1 (to look at its plans afterwards).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private Process _process;
    private readonly string _admin;
    private readonly string? _database;
    private readonly IReadOnlyDictionary<string, string?> _environment;

    private HostProcess(Process process, string admin, string? database, Uri url, string connectionString, string signingKey, IReadOnlyDictionary<string, string?> environment) =>
        (_process, _admin, _database, Url, ConnectionString, SigningKey, _environment) = (process, admin, database, url, connectionString, signingKey, environment);

    public Uri Url { get; private set; }
    public string ConnectionString { get; }
    public string SigningKey { get; }
    public int ProcessId => _process.Id;

    /// <summary>Starts the API host (co-hosted silo) on a fresh database; <paramref name="settings"/> are added to its environment.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var admin = Environment.GetEnvironmentVariable("SOCIALFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SOCIALFLOW_TEST_POSTGRES is not set: run `scripts/services.sh up test && . .data/test/env` first.");
        var redis = Environment.GetEnvironmentVariable("SOCIALFLOW_TEST_REDIS") ?? throw new InvalidOperationException("SOCIALFLOW_TEST_REDIS is not set.");
        var database = $"sf_load_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 200 }.ConnectionString;
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var env = new Dictionary<string, string?>();
        env["SocialFlow__Postgres__ConnectionString"] = connectionString;
        env["SocialFlow__Redis__ConnectionString"] = redis;
        env["SocialFlow__Jwt__SigningKey"] = signingKey;
        env["SocialFlow__Orleans__ClusterId"] = "load-" + Guid.NewGuid().ToString("N")[..8];
        env["SocialFlow__Orleans__SiloPort"] = FreePort().ToString();
        env["SocialFlow__Orleans__GatewayPort"] = FreePort().ToString();
        env["SocialFlow__DataDirectory"] = Path.Combine(Path.GetTempPath(), database);
        // 10,000 users each well under these; the IP limit only meets the anonymous /health/live, which is exempt.
        // The chat benchmark's WebSocket upgrades are one request per user; Kestrel sets no connection limit by default
        // (MaxConcurrentConnections and MaxConcurrentUpgradedConnections are unset), nor does SignalR.
        env["SocialFlow__RateLimits__PerUserPerSecond"] = "1000";
        env["SocialFlow__RateLimits__PerUserBurst"] = "2000";
        // Anonymous reads (trending) all come from 127.0.0.1: one IP bucket would refuse them long before the host is busy.
        env["SocialFlow__RateLimits__PerIpPerSecond"] = "1000000";
        env["SocialFlow__RateLimits__PerIpBurst"] = "1000000";
        // One log line per request would be measured too: keep warnings only, as a loaded production host would.
        env["Logging__LogLevel__Default"] = "Warning";
        env["DOTNET_gcServer"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var (process, url) = Launch(env);
        var host = new HostProcess(process, admin, database, url, connectionString, signingKey, env);
        await host.WaitReadyAsync();
        return host;
    }

    /// <summary>
    /// Stops the host as an operator would (SIGTERM: the silo leaves the cluster) and starts it again on the same
    /// database, on a new HTTP port (<see cref="Url"/> and <see cref="ProcessId"/> change): every grain starts cold, every
    /// row stays, as after a deploy.
    /// </summary>
    public async Task RestartAsync()
    {
        _ = Terminate(_process.Id, 15);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        (_process, Url) = Launch(_environment);
        await WaitReadyAsync();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    /// <summary>A second API host in client mode: it reaches this host's silo through its gateway, as an API host of a cluster does.</summary>
    public async Task<HostProcess> StartClientAsync()
    {
        var env = new Dictionary<string, string?>(_environment) { ["SocialFlow__Orleans__Mode"] = "Client" };
        env.Remove("SocialFlow__Postgres__ConnectionString");
        var (process, url) = Launch(env);
        var host = new HostProcess(process, _admin, null, url, ConnectionString, SigningKey, env);
        await host.WaitReadyAsync();
        return host;
    }

    private static (Process, Uri) Launch(IReadOnlyDictionary<string, string?> environment)
    {
        var port = FreePort();
        var dll = Path.Combine(RepoRoot(), "src/ApiHost/bin/Release/net10.0/SocialFlow.ApiHost.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the host first: dotnet build -c Release src/ApiHost ({dll} is missing).");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("\"LogLevel\":\"Error\"")) Console.Error.WriteLine($"host: {line}"); };
        process.BeginOutputReadLine();
        return (process, new Uri($"http://127.0.0.1:{port}"));
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The API host exited with code {_process.ExitCode}.");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("The API host was not ready within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialFlow.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("SocialFlow.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        if (_database is null) return;
        if (Environment.GetEnvironmentVariable("SF_LOAD_KEEP_DB") == "1")
        {
            Console.WriteLine($"kept the database {_database} (SF_LOAD_KEEP_DB=1): drop it when done");
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        // An autovacuum worker on the fresh database cannot be terminated by a role that is not a superuser: try again a while.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
