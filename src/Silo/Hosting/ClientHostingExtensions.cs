using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Payments;
using StackExchange.Redis;

namespace SocialFlow.Silo.Hosting;

public static class ClientHostingExtensions
{
    /// <summary>
    /// An API host in client mode: an Orleans client of the silos this configuration names (the same clustering as
    /// theirs), the media files it serves itself, and its copies of who may see paid content. Everything else it needs
    /// lives behind grains.
    /// </summary>
    public static IHostApplicationBuilder AddSocialFlowClient(this IHostApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        var orleans = RequiredOptions.Bind<OrleansHostingOptions>(services, configuration, OrleansHostingOptions.Section);
        var redis = RequiredOptions.Bind<RedisOptions>(services, configuration, RedisOptions.Section);
        // PostgreSQL errors thrown in grains arrive as what they are (a DbException), not as a codec failure.
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        services.AddMedia(configuration);
        // The API host registers its own connection first; the command-line verbs, also clients, need one for the gate.
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.WithoutFailFast()));
        services.AddContentGate();
        var telemetry = builder.AddSocialFlowTelemetry();
        builder.UseOrleansClient(client =>
        {
            client.AddSocialFlowTelemetry(telemetry);
            if (orleans.Clustering == ClusteringKind.Redis)
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString));
            }
            else
            {
                client.UseLocalhostClustering(orleans.GatewayPort, orleans.ServiceId, orleans.ClusterId);
            }
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (orleans.ClusterId, orleans.ServiceId));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            // A call in flight on a silo that dies is only failed by this timeout (the default 30 s would hold the
            // HTTP request that long); our grain calls are short, background work never runs inside a request.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            client.UseConnectionRetryFilter(RetryConnectingForAMinute);
        });
        return builder;
    }

    private static readonly long StartedAt = TimeProvider.System.GetTimestamp();

    private static async Task<bool> RetryConnectingForAMinute(Exception _, CancellationToken ct)
    {
        if (TimeProvider.System.GetElapsedTime(StartedAt) > TimeSpan.FromMinutes(1)) return false;
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        return true;
    }
}
