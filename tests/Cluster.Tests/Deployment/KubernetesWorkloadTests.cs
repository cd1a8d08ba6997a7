using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>The silo and API Deployments as rendered by `kubectl kustomize`: probes, shutdown, sizes, disruption budgets.</summary>
public sealed class KubernetesWorkloadTests
{
    private const string ShutdownTimeoutVariable = "DOTNET_SHUTDOWNTIMEOUTSECONDS";

    /// <summary>The longest each /health/ready can take when every dependency answers just in time (its checks' timeouts).</summary>
    private static readonly Dictionary<string, int> ReadyCheckSeconds = new()
    {
        [RenderedManifests.Silo] = 6, // cluster, then PostgreSQL: 3 s each (SiloHealthEndpoints)
        [RenderedManifests.Api] = 3,  // silo, PostgreSQL and Redis together: 3 s (HealthEndpoints)
    };

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void EveryWorkload_EveryContainer_HasCpuAndMemoryRequestsAndLimits(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var workloads = k8s.OfKind("Deployment").Concat(k8s.OfKind("StatefulSet")).ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var spec = workload["spec"]!["template"]!["spec"]!;
            var containers = spec["containers"]!.AsArray().Concat(spec["initContainers"]?.AsArray() ?? []);
            foreach (var container in containers)
            {
                var where = $"{k8s}: {workload["metadata"]!["name"]}/{container!["name"]}";
                foreach (var (kind, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") })
                {
                    Assert.True(container["resources"]?[kind]?[resource] is not null, $"{where} has no {kind}.{resource}");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Kustomizations.AppsOfAll), MemberType = typeof(Kustomizations))]
    public void App_Probes_StartAndServeOnReadinessLiveOnLiveness(string kustomization, string app)
    {
        var k8s = DeployFiles.Render(kustomization);
        var container = k8s.Container(app);
        var listens = new Uri(RenderedManifests.Env(container, "Urls") ?? throw new Xunit.Sdk.XunitException($"{app}: no Urls")).Port;
        foreach (var (probe, path) in new[] { ("startupProbe", "/health/ready"), ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live") })
        {
            var get = container[probe]?["httpGet"] ?? throw new Xunit.Sdk.XunitException($"{k8s}: {app} has no {probe} with httpGet");
            Assert.Equal(path, (string?)get["path"]);
            Assert.Equal(listens, ContainerPort(container, get["port"]!));
            var timeout = (int?)container[probe]!["timeoutSeconds"] ?? 1;
            if (path == "/health/ready")
            {
                Assert.True(timeout > ReadyCheckSeconds[app], $"{k8s}: {app} {probe} times out after {timeout} s, before its checks can answer");
            }
        }
        // Start-up covers the migrations and joining the cluster: minutes, not the default 30 s.
        var startup = container["startupProbe"]!;
        Assert.True((int)startup["periodSeconds"]! * (int)startup["failureThreshold"]! >= 180, $"{k8s}: {app} start-up window under 3 minutes");
    }

    [Theory, MemberData(nameof(Kustomizations.AppsOfAll), MemberType = typeof(Kustomizations))]
    public void App_GracePeriod_CoversPreStopSleepAndHostShutdownTimeout(string kustomization, string app)
    {
        var k8s = DeployFiles.Render(kustomization);
        var container = k8s.Container(app);
        var command = container["lifecycle"]?["preStop"]?["exec"]?["command"]?.AsArray().Select(c => (string)c!).ToArray()
            ?? throw new Xunit.Sdk.XunitException($"{k8s}: {app} has no preStop exec hook");
        Assert.True(command is [_, _] && command[0].EndsWith("sleep", StringComparison.Ordinal), $"{k8s}: {app} preStop is not a sleep: {string.Join(' ', command)}");
        var sleep = int.Parse(command[1]);
        Assert.InRange(sleep, 5, 30);

        var shutdown = HostShutdownTimeout(container);
        var grace = (int?)k8s.PodSpec(app)["terminationGracePeriodSeconds"] ?? 30;
        Assert.True(grace >= sleep + shutdown.TotalSeconds + 5,
            $"{k8s}: {app} terminationGracePeriodSeconds {grace} must exceed preStop {sleep} s + shutdown timeout {shutdown.TotalSeconds} s with room to exit");
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void SiloAndApi_ScrapeAnnotations_NameTheMetricsPortTheConfigurationListensOn(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var listens = new Uri(k8s.Config("SocialFlow__Telemetry__Prometheus__Url"));
        Assert.Equal("0.0.0.0", listens.Host); // the pod's address, where Prometheus scrapes it
        foreach (var app in new[] { RenderedManifests.Silo, RenderedManifests.Api })
        {
            var annotations = Labels(k8s.PodTemplate(app)["metadata"]?["annotations"]);
            Assert.Equal("true", annotations.GetValueOrDefault("prometheus.io/scrape"));
            Assert.Equal("/metrics", annotations.GetValueOrDefault("prometheus.io/path"));
            Assert.Equal(listens.Port.ToString(CultureInfo.InvariantCulture), annotations.GetValueOrDefault("prometheus.io/port"));
            Assert.Equal(listens.Port, ContainerPort(k8s.Container(app), JsonValue.Create("metrics")!));
        }
        // The scraper's port only: no Service (so no Ingress) carries it.
        var servicePorts = k8s.OfKind("Service").SelectMany(svc => svc["spec"]!["ports"]!.AsArray())
            .SelectMany(p => new[] { p!["port"]?.ToString(), p["targetPort"]?.ToString() });
        Assert.DoesNotContain(servicePorts, p => p == "metrics" || p == listens.Port.ToString(CultureInfo.InvariantCulture));
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Silo_OrleansLabelsPortsAndIdentity_MatchTheConfiguration(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var labels = k8s.PodLabels(RenderedManifests.Silo);
        Assert.Equal(k8s.Config("SocialFlow__Orleans__ServiceId"), labels.GetValueOrDefault("orleans/serviceId"));
        Assert.Equal(k8s.Config("SocialFlow__Orleans__ClusterId"), labels.GetValueOrDefault("orleans/clusterId"));
        var container = k8s.Container(RenderedManifests.Silo);
        Assert.Equal(int.Parse(k8s.Config("SocialFlow__Orleans__SiloPort")), ContainerPort(container, "silo"));
        Assert.Equal(int.Parse(k8s.Config("SocialFlow__Orleans__GatewayPort")), ContainerPort(container, "gateway"));
        var env = container["env"]!.AsArray().Select(e => (string)e!["name"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" }, env);
        // UseKubernetesHosting reads and patches pods: the silos' service account must be bound to a Role that allows it.
        var account = (string?)k8s.PodSpec(RenderedManifests.Silo)["serviceAccountName"];
        var binding = k8s.OfKind("RoleBinding").Single(b => b["subjects"]!.AsArray().Any(s => (string?)s!["name"] == account));
        var verbs = k8s.Get("Role", (string)binding["roleRef"]!["name"]!)["rules"]!.AsArray()
            .Where(r => r!["resources"]!.AsArray().Any(x => (string?)x == "pods"))
            .SelectMany(r => r!["verbs"]!.AsArray().Select(v => (string)v!));
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "patch" }, verbs.ToHashSet());
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void AutoscaledDeployments_LeaveTheReplicaCountToTheAutoscaler(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var targets = k8s.OfKind("HorizontalPodAutoscaler").Select(h => (string)h["spec"]!["scaleTargetRef"]!["name"]!).ToList();
        Assert.Contains(RenderedManifests.Silo, targets);
        Assert.Contains(RenderedManifests.Api, targets);
        foreach (var target in targets)
        {
            Assert.True(k8s.Get("Deployment", target)["spec"]!["replicas"] is null,
                $"{k8s}: {target} sets replicas, which every `kubectl apply` would reset under its autoscaler");
        }
    }

    [Theory, MemberData(nameof(Kustomizations.AppsOfAll), MemberType = typeof(Kustomizations))]
    public void App_DisruptionBudget_LetsDrainsProceedOnePodAtATime(string kustomization, string app)
    {
        var k8s = DeployFiles.Render(kustomization);
        var labels = k8s.PodLabels(app);
        var budgets = k8s.OfKind("PodDisruptionBudget").Where(p => RenderedManifests.Selects(p["spec"]!["selector"], labels)).ToList();
        var budget = Assert.Single(budgets)["spec"]!;
        var minReplicas = (int)k8s.OfKind("HorizontalPodAutoscaler").Single(h => (string?)h["spec"]!["scaleTargetRef"]!["name"] == app)["spec"]!["minReplicas"]!;
        if (budget["maxUnavailable"] is { } max) Assert.Equal(1, (int)max);
        else Assert.InRange((int)budget["minAvailable"]!, 1, minReplicas - 1);
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Services_SelectAWorkloadAndItsNamedPorts(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var workloads = k8s.OfKind("Deployment").Concat(k8s.OfKind("StatefulSet")).Select(w => (string)w["metadata"]!["name"]!).ToList();
        foreach (var service in k8s.OfKind("Service"))
        {
            var name = (string)service["metadata"]!["name"]!;
            var selected = workloads.Where(w => Labels(service["spec"]!["selector"]).All(p => k8s.PodLabels(w).GetValueOrDefault(p.Key) == p.Value)).ToList();
            Assert.True(selected.Count == 1, $"{k8s}: Service {name} selects {selected.Count} workloads");
            var workload = selected[0];
            foreach (var port in service["spec"]!["ports"]!.AsArray())
            {
                ContainerPort(k8s.Container(workload), port!["targetPort"] ?? port["port"]!); // throws when missing
            }
        }
    }

    private static IReadOnlyDictionary<string, string> Labels(JsonNode? node) => RenderedManifests.Labels(node);

    /// <summary>A probe's or Service's port (a number, or the name of a container port) as the container's port number.</summary>
    private static int ContainerPort(JsonObject container, JsonNode port)
    {
        if (port.GetValueKind() == System.Text.Json.JsonValueKind.Number) return (int)port;
        var name = (string)port!;
        var found = container["ports"]?.AsArray().FirstOrDefault(p => (string?)p!["name"] == name)
            ?? throw new Xunit.Sdk.XunitException($"container {container["name"]} has no port named {name}");
        return (int)found["containerPort"]!;
    }

    /// <summary>
    /// The .NET host's shutdown timeout as the container's environment sets it, read the way the host reads it: the
    /// DOTNET_ prefix is stripped by the host's environment configuration, and HostOptions takes shutdownTimeoutSeconds.
    /// </summary>
    private static TimeSpan HostShutdownTimeout(JsonObject container)
    {
        var value = RenderedManifests.Env(container, ShutdownTimeoutVariable)
            ?? throw new Xunit.Sdk.XunitException($"{container["name"]} does not set {ShutdownTimeoutVariable} (the host would wait 30 s)");
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new(ShutdownTimeoutVariable["DOTNET_".Length..], value)]);
        using var host = builder.Build();
        var timeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(value)), timeout);
        return timeout;
    }
}
