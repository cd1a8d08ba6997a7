using Orleans.Configuration;
using SocialFlow.Silo.Hosting;
using StackExchange.Redis;

namespace SocialFlow.ApiHost.Hosting;

public static class OrleansClientExtensions
{
    /// <summary>Co-hosts a silo (single node) or connects to separate silos as a client (cluster), by configuration.</summary>
    public static IHostApplicationBuilder AddSocialFlowCluster(this IHostApplicationBuilder builder)
    {
        var orleans = RequiredOptions.Bind<OrleansHostingOptions>(builder.Services, builder.Configuration, OrleansHostingOptions.Section);
        var redis = RequiredOptions.Bind<RedisOptions>(builder.Services, builder.Configuration, RedisOptions.Section);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.WithoutFailFast()));
        if (orleans.Mode == ApiHostMode.CoHosted)
        {
            builder.AddSocialFlowSilo();
            return builder;
        }

        builder.AddSocialFlowData();
        builder.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        builder.UseOrleansClient(client =>
        {
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
