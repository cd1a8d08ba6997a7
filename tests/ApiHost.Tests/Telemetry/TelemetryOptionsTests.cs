using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>SocialFlow:Telemetry fails closed: a bad value stops start-up naming its key.</summary>
public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData("Prometheus:Url", "http://0.0.0.0", "Prometheus:Url")]             // no port: it would take the API's
    [InlineData("Prometheus:Url", "http://0.0.0.0:9464/metrics", "Prometheus:Url")] // the path is always /metrics
    [InlineData("Prometheus:Url", "https://0.0.0.0:9464", "Prometheus:Url")]
    [InlineData("Otlp:Endpoint", "otel-collector:4317", "Otlp:Endpoint")]
    [InlineData("Tracing:SampleRatio", "1.5", "Tracing:SampleRatio")]
    public void Read_BadValue_NamesTheKey(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{TelemetryOptions.Section}:{key}"] = value }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => RequiredOptions.Read<TelemetryOptions>(configuration, TelemetryOptions.Section));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Defaults_NoListenerNoDashboardAndTracesOnlyWithACollector()
    {
        var none = RequiredOptions.Read<TelemetryOptions>(new ConfigurationBuilder().Build(), TelemetryOptions.Section);
        var collector = RequiredOptions.Read<TelemetryOptions>(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["SocialFlow:Telemetry:Otlp:Endpoint"] = "http://otel-collector:4317" }).Build(), TelemetryOptions.Section);

        Assert.Null(none.Prometheus.ListenUri);
        Assert.False(none.TracesRecorded);
        Assert.False(none.Dashboard.Enabled);
        Assert.True(collector.TracesRecorded);
        Assert.Equal(0.1, collector.Tracing.SampleRatio);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://*:9464;http://127.0.0.1:8080")]
    public void AddTelemetry_ListenerOnAnApiPort_StopsStartUpNamingTheKey(string urls)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = urls;
        builder.Configuration["SocialFlow:Telemetry:Prometheus:Url"] = urls.Contains("9464", StringComparison.Ordinal) ? "http://0.0.0.0:9464" : "http://127.0.0.1:8080";

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddSocialFlowTelemetry());

        Assert.Contains("Prometheus:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTelemetry_ListenerOnItsOwnPort_IsAddedToTheHostsUrls()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:8080";
        builder.Configuration["SocialFlow:Telemetry:Prometheus:Url"] = "http://0.0.0.0:9464";

        builder.AddSocialFlowTelemetry();

        Assert.Equal("http://127.0.0.1:8080;http://0.0.0.0:9464", builder.Configuration[WebHostDefaults.ServerUrlsKey]);
    }
}
