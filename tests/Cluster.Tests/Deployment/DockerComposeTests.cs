using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Hosting;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>
/// docker-compose.yml read as Compose reads it (anchors and merge keys applied), and the image build contexts it
/// names. No Docker engine runs here, so this is what can be checked: the file's shape and that what it refers to exists.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly JsonObject Compose = YamlDocuments.Parse(File.ReadAllText(DeployFiles.PathOf("docker-compose.yml"))).Single();

    private static JsonNode Service(string name) => Compose["services"]?[name] ?? throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service {name}");

    private static string? Env(string service, string name) => Service(service)["environment"]?[name]?.ToString();

    [Fact]
    public void Compose_RunsSilosAndAnApiClientOverRedisClustering()
    {
        Assert.Equal("silo", Env("silo", "SOCIALFLOW_APP"));
        Assert.Equal("auto", Env("silo", "SocialFlow__Orleans__AdvertisedAddress"));
        Assert.Equal("api", Env("api", "SOCIALFLOW_APP"));
        Assert.Equal("Client", Env("api", "SocialFlow__Orleans__Mode"));
        foreach (var app in new[] { "silo", "api" })
        {
            Assert.Equal("Redis", Env(app, "SocialFlow__Orleans__Clustering"));
            Assert.StartsWith("redis:", Env(app, "SocialFlow__Redis__ConnectionString"));
            var port = new Uri(Env(app, "Urls")!.Replace("0.0.0.0", "host", StringComparison.Ordinal)).Port;
            var check = string.Join(' ', Service(app)["healthcheck"]!["test"]!.AsArray().Select(t => (string)t!));
            Assert.Matches($@"http://127\.0\.0\.1:{port}/health/(live|ready)", check);
            Assert.Equal("service_healthy", (string?)Service(app)["depends_on"]?["postgres"]?["condition"]);
            Assert.Equal("service_healthy", (string?)Service(app)["depends_on"]?["redis"]?["condition"]);
        }
        Assert.Null(Service("api")["ports"]);   // reached through the front only
    }

    [Fact]
    public void Compose_EveryApp_KeepsItsMediaInTheS3Service()
    {
        var s3 = Service("s3");
        var bucket = (string?)s3["environment"]?["SF_S3_BUCKET"];
        foreach (var app in new[] { "silo", "api" })
        {
            Assert.Equal("S3", Env(app, "SocialFlow__Media__Provider"));
            var endpoint = new Uri(Env(app, "SocialFlow__Media__S3__ServiceUrl")!);
            Assert.Equal("s3", endpoint.Host);
            Assert.Contains(s3["expose"]!.AsArray(), p => (string?)p == endpoint.Port.ToString());
            Assert.Equal(bucket, Env(app, "SocialFlow__Media__S3__Bucket"));
            Assert.Equal("service_healthy", (string?)Service(app)["depends_on"]?["s3"]?["condition"]);
        }
        Assert.Contains(s3["volumes"]!.AsArray(), v => ((string)v!).EndsWith(":/data", StringComparison.Ordinal));
        Assert.Contains("/data", File.ReadAllText(DeployFiles.PathOf("deploy/s3/entrypoint.sh")));
    }

    [Fact]
    public void Compose_Front_PublishesTheApi_UpgradesHubs_AndIsAValidNginxConfiguration()
    {
        var apiPort = new Uri(Env("api", "Urls")!.Replace("0.0.0.0", "host", StringComparison.Ordinal)).Port;
        Assert.Contains(Service("front")["ports"]!.AsArray(), p => ((string)p!).EndsWith(":8080", StringComparison.Ordinal));
        Assert.Equal("service_healthy", (string?)Service("front")["depends_on"]?["api"]?["condition"]);
        var config = File.ReadAllText(DeployFiles.PathOf("deploy/front/socialflow.conf"));
        Assert.Equal(2, Regex.Matches(config, $@"server api:{apiPort};").Count);   // the API upstream and the hubs' one
        var hubs = Regex.Match(config, @"location /hubs/ \{(?<body>[^}]*)\}").Groups["body"].Value;
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", hubs);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", hubs);
        Assert.Contains("client_max_body_size 0;", config);        // the API enforces its own limits
        Assert.Contains("proxy_request_buffering off;", config);   // tus PATCHes stream through

        // nginx itself checks the file, inside an http block as the image's nginx.conf includes it; "api" resolves only
        // on the compose network, so here it is this machine.
        var scratch = Directory.CreateTempSubdirectory("sf-front-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(scratch, "front.conf"), config.Replace("server api:", "server 127.0.0.1:", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(scratch, "nginx.conf"), $$"""
                pid {{scratch}}/nginx.pid;
                error_log {{scratch}}/error.log;
                events {}
                http {
                    client_body_temp_path {{scratch}}; proxy_temp_path {{scratch}}; fastcgi_temp_path {{scratch}};
                    uwsgi_temp_path {{scratch}}; scgi_temp_path {{scratch}};
                    include {{scratch}}/front.conf;
                }
                """);
            var (exit, output, error) = DeployFiles.Run("nginx", ["-t", "-p", scratch, "-c", Path.Combine(scratch, "nginx.conf")]);
            Assert.True(exit == 0, $"nginx -t: {output}{error}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Compose_Api_BelievesTheFrontsForwardedClient_FromTheComposeNetworkOnly()
    {
        var proxy = new ProxyOptions { KnownNetworks = [Env("api", "SocialFlow__Proxy__KnownNetworks__0")!] };
        Assert.Empty(proxy.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(proxy)));
        var network = Assert.Single(proxy.Networks());
        Assert.Equal((string?)Service("ingest")["environment"]?["SF_INGEST_PEERS"], network.ToString()); // the compose network, as the ingest knows it
        Assert.Null(Env("silo", "SocialFlow__Proxy__KnownNetworks__0"));
        var config = File.ReadAllText(DeployFiles.PathOf("deploy/front/socialflow.conf"));
        Assert.Equal(2, Regex.Matches(config, @"proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;").Count); // API and hubs
    }

    [Fact]
    public void Compose_Prometheus_ScrapesEverySiloAndApiMetricsListener()
    {
        var prometheus = Service("prometheus");
        Assert.Null(prometheus["ports"]); // reached by Grafana only
        var config = YamlDocuments.Parse(File.ReadAllText(DeployFiles.PathOf(MountSource(prometheus, "/etc/prometheus/prometheus.yml")))).Single();
        foreach (var app in new[] { "silo", "api" })
        {
            var listener = new Uri(Env(app, "SocialFlow__Telemetry__Prometheus__Url")!.Replace("0.0.0.0", "host", StringComparison.Ordinal));
            Assert.Contains(Service(app)["expose"]!.AsArray(), p => p!.ToString() == listener.Port.ToString());
            var job = config["scrape_configs"]!.AsArray().Single(j => (string?)j!["job_name"] == $"socialflow-{app}")!;
            var discovery = Assert.Single(job["dns_sd_configs"]!.AsArray())!;
            Assert.Equal(app, (string?)Assert.Single(discovery["names"]!.AsArray()));
            Assert.Equal(listener.Port.ToString(), discovery["port"]!.ToString());
        }
    }

    [Fact]
    public void Compose_Grafana_ShowsTheDashboardOverThePrometheusService_OnLoopback_WithTheOperatorsPassword()
    {
        var grafana = Service("grafana");
        Assert.Equal(new[] { "127.0.0.1:3000:3000" }, grafana["ports"]!.AsArray().Select(p => (string)p!));
        Assert.Matches(@"^\$\{GRAFANA_ADMIN_PASSWORD:\?.+\}$", (string?)grafana["environment"]?["GF_SECURITY_ADMIN_PASSWORD"]);
        var provisioning = DeployFiles.PathOf(MountSource(grafana, "/etc/grafana/provisioning"));
        var source = YamlDocuments.Parse(File.ReadAllText(Path.Combine(provisioning, "datasources", "prometheus.yml"))).Single()["datasources"]![0]!;
        Assert.Equal("prometheus", (string?)source["type"]);
        var url = new Uri((string)source["url"]!);
        Assert.Contains(Service(url.Host)["expose"]!.AsArray(), p => p!.ToString() == url.Port.ToString());
        var provider = YamlDocuments.Parse(File.ReadAllText(Path.Combine(provisioning, "dashboards", "socialflow.yml"))).Single()["providers"]![0]!;
        var dashboard = MountSource(grafana, $"{(string)provider["options"]!["path"]!}/socialflow.json");
        Assert.Equal("./deploy/grafana/socialflow.json", dashboard);
        var panels = JsonNode.Parse(File.ReadAllText(DeployFiles.PathOf(dashboard)))!["panels"]!.AsArray();
        Assert.NotEmpty(panels);
    }

    private static string MountSource(JsonNode service, string target) =>
        service["volumes"]!.AsArray().Select(v => ((string)v!).Split(':')).Single(p => p.Length > 1 && p[1] == target)[0];

    [Fact]
    public void Compose_SiloStopGrace_CoversTheHostShutdownTimeout()
    {
        var grace = (string?)Service("silo")["stop_grace_period"] ?? "10s"; // Compose's default
        var match = Duration().Match(grace);
        Assert.True(match.Success, $"stop_grace_period {grace}");
        var seconds = int.Parse(match.Groups[1].Value) * (match.Groups[2].Value == "m" ? 60 : 1);
        var shutdown = int.TryParse(Env("silo", "DOTNET_SHUTDOWNTIMEOUTSECONDS"), out var s) ? s : 30; // .NET's default
        Assert.True(seconds > shutdown, $"silo stop_grace_period {grace} does not cover the host's {shutdown} s shutdown timeout");
    }

    [Fact]
    public void Compose_EnvFiles_HaveAnExampleNamingEveryRequiredSecret()
    {
        var envFiles = Compose["services"]!.AsObject()
            .SelectMany(s => s.Value!["env_file"]?.AsArray().Select(f => (string)f!) ?? [])
            .ToHashSet();
        Assert.NotEmpty(envFiles);
        foreach (var file in envFiles)
        {
            var example = DeployFiles.PathOf(file + ".example");
            Assert.True(File.Exists(example), $"{file} has no {file}.example");
            var names = File.ReadLines(example).Where(l => !l.StartsWith('#') && l.Contains('=')).Select(l => l[..l.IndexOf('=')]).ToHashSet();
            Assert.Superset(new HashSet<string>
            {
                "POSTGRES_PASSWORD", "SocialFlow__Postgres__ConnectionString", "SocialFlow__Jwt__SigningKey", "SocialFlow__Live__CallbackSecret",
                "SocialFlow__Media__S3__AccessKey", "SocialFlow__Media__S3__SecretKey",
            }, names);
        }
    }

    [Fact]
    public void Compose_BuildContexts_HoldEveryFileTheirDockerfilesCopy()
    {
        var builds = Compose["services"]!.AsObject().Select(s => s.Value!["build"]).OfType<JsonObject>().ToList();
        Assert.NotEmpty(builds);
        foreach (var build in builds)
        {
            var context = Path.GetFullPath(Path.Combine(DeployFiles.Root, (string?)build["context"] ?? "."));
            var dockerfile = Path.Combine(context, (string?)build["dockerfile"] ?? "Dockerfile");
            Assert.True(File.Exists(dockerfile), $"{dockerfile} is missing");
            foreach (var line in File.ReadLines(dockerfile).Select(l => l.Trim()).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
                if (words.Any(w => w.StartsWith("--from", StringComparison.Ordinal))) continue;
                var sources = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);
                Assert.All(sources, source => Assert.True(Path.Exists(Path.Combine(context, source)), $"{dockerfile}: {line}: {source} is not in the build context"));
            }
        }
    }

    [GeneratedRegex(@"^([0-9]+)(s|m)$")]
    private static partial Regex Duration();
}
