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
        return orleans.Mode == ApiHostMode.CoHosted ? builder.AddSocialFlowSilo() : builder.AddSocialFlowClient();
    }
}
