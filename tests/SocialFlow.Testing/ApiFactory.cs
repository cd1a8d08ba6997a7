using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialFlow.Testing.Contract;

namespace SocialFlow.Testing;

/// <summary>
/// The real API host with a co-hosted silo, on a given database, with fresh Orleans ports and cluster id.
/// Extra settings override the defaults (e.g. tighter throttles for a throttling test).
/// </summary>
public sealed class ApiFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "sf-mail-" + Guid.NewGuid().ToString("N"));
    public const string SigningKey = "dGVzdC1zaWduaW5nLWtleS10aGF0LWlzLWxvbmctZW5vdWdoLWZvci1obWFjLXNoYTI1Ng==";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["SocialFlow:Postgres:ConnectionString"] = connectionString,
            // Many hosts live at once in a test run, each with its pools' idle connections: small pools keep them under
            // the test server's max_connections.
            ["SocialFlow:Postgres:PreparedMaxConnections"] = "4",
            ["SocialFlow:Search:MaxConnections"] = "4",
            ["SocialFlow:Redis:ConnectionString"] = TestDatabase.Redis,
            ["SocialFlow:Jwt:SigningKey"] = SigningKey,
            ["SocialFlow:Orleans:Mode"] = "CoHosted",
            ["SocialFlow:Orleans:Clustering"] = "Localhost",
            ["SocialFlow:Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..12],
            ["SocialFlow:Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["SocialFlow:Orleans:GatewayPort"] = FreePort.Next().ToString(),
            ["SocialFlow:Email:MailDirectory"] = MailDirectory,
            ["SocialFlow:Email:PollInterval"] = "00:00:00.100",
            ["SocialFlow:Email:SendGridApiKey"] = "",
            ["SocialFlow:RateLimits:PerIpPerSecond"] = "1000",
            ["SocialFlow:RateLimits:PerIpBurst"] = "5000",
            ["SocialFlow:Throttle:RegistrationsPerIp"] = "100000",
            ["SocialFlow:Throttle:LoginAttemptsPerIp"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // Many hosts share the machine: none opens the Prometheus listener unless its profile gives it a free port.
            ["SocialFlow:Telemetry:Prometheus:Url"] = "",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) defaults[key] = value;
        foreach (var (key, value) in defaults) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ResponseRecorder.StartupFilter>());
        TestRunLog.Write($"api host {defaults["SocialFlow:Orleans:ClusterId"]} built ({defaults["SocialFlow:Orleans:Mode"]})");
        if (FileLog.Directory is { } logs)
        {
            Directory.CreateDirectory(logs);
            var host = defaults["SocialFlow:Orleans:ClusterId"]!;
            builder.ConfigureLogging(logging => logging.AddProvider(new FileLog(Path.Combine(logs, "ApiHost.Tests.log"), host)));
        }
    }
}
