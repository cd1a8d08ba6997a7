using System.Data.Common;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;
using SocialFlow.Grains.Ads;
using SocialFlow.Grains.Analysis;
using SocialFlow.Grains.Analytics;
using SocialFlow.Grains.Comments;
using SocialFlow.Grains.Engagement;
using SocialFlow.Grains.Feeds;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interests;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Live;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Notifications;
using SocialFlow.Grains.Payments;
using SocialFlow.Grains.Posts;
using SocialFlow.Grains.Recommendations;
using SocialFlow.Grains.Search;
using SocialFlow.Grains.Social;
using SocialFlow.Grains.Trending;
using SocialFlow.Grains.Users;
using SocialFlow.Grains.Videos;
using StackExchange.Redis;

namespace SocialFlow.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>Everything a silo needs: data sources, migrations, email outbox, and Orleans itself.</summary>
    public static IHostApplicationBuilder AddSocialFlowSilo(this IHostApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        var orleans = RequiredOptions.Bind<OrleansHostingOptions>(services, configuration, OrleansHostingOptions.Section);
        // Registered before Orleans so the schema exists when the ADO.NET providers read their queries.
        var postgres = services.AddSocialFlowSiloServices(configuration);
        var redis = RequiredOptions.Bind<RedisOptions>(services, configuration, RedisOptions.Section);
        var telemetry = builder.AddSocialFlowTelemetry();

        builder.UseOrleans(silo =>
        {
            silo.AddSocialFlowTelemetry(telemetry);
            if (orleans.Clustering == ClusteringKind.Redis)
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString));
                if (RunsInKubernetes)
                {
                    silo.UseKubernetesHosting(); // endpoints from POD_IP, ids from the pod's orleans/* labels
                }
                else
                {
                    var address = AdvertisedAddress(orleans);
                    silo.ConfigureEndpoints(address, orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
                }
            }
            else
            {
                silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            }
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (orleans.ClusterId, orleans.ServiceId));
            if (orleans.FastFailureDetection) silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
            silo.AddSocialFlowStorage(postgres);
        });
        return builder;
    }

    /// <summary>
    /// The services grains depend on: each domain's registration, once, plus what hosting adds (Redis, the clock, the
    /// migrations hosted service). Separate from clustering so Orleans.TestingHost silos get exactly the production wiring.
    /// </summary>
    public static PostgresOptions AddSocialFlowSiloServices(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = RequiredOptions.Read<PostgresOptions>(configuration, PostgresOptions.Section);
        var redis = RequiredOptions.Bind<RedisOptions>(services, configuration, RedisOptions.Section);
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.WithoutFailFast()));
        // Grains keep observers (content counters, live rooms, notifications) and the API host's relays renew them.
        RequiredOptions.Bind<ObserverLeaseOptions>(services, configuration, ObserverLeaseOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SocialFlowMetrics>();
        // Let PostgreSQL errors thrown in grains reach callers as what they are, not as a codec failure.
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        services.AddPostgres(configuration);
        // First hosted service: the schema exists before the email dispatcher or Orleans' providers touch it.
        services.AddHostedService<MigrationHostedService>();
        services.AddEvents(configuration);
        services.AddEmail(configuration);
        services.AddMedia(configuration);
        services.AddUsers(configuration);
        services.AddInterests(configuration);
        services.AddRecommendations(configuration);
        services.AddEngagement(configuration);
        services.AddPosts(configuration);
        services.AddComments(configuration);
        services.AddVideos(configuration);
        services.AddSocial(configuration);
        services.AddFeeds(configuration);
        services.AddNotifications(configuration);
        services.AddLive(configuration);
        services.AddModeration(configuration);
        services.AddSearch(configuration);
        services.AddTrending(configuration);
        services.AddPayments(configuration);
        services.AddAnalytics(configuration);
        services.AddAds(configuration);
        services.AddAnalysis(configuration);
        return postgres;
    }

    /// <summary>
    /// Grain storage ("users", "PubSubStore" and Default) and reminders on PostgreSQL through the ADO.NET providers, and
    /// the "events" stream provider. Memory streams suffice as its transport: durability comes from the outbox
    /// (an event lost in flight is published again when its lease lapses, see EventDispatcher).
    /// </summary>
    public static ISiloBuilder AddSocialFlowStorage(this ISiloBuilder silo, PostgresOptions postgres)
    {
        var orleansConnection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { NoResetOnClose = true }.ConnectionString;
        DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
        // Orleans' own serializer, which follows the [Id]/[Alias] contract of state classes. The provider's default
        // (Newtonsoft with DefaultValueHandling.Ignore and object reuse) dropped false/0 fields and, on reading,
        // wrote them into shared instances such as UserPreferences.Default.
        void Storage(OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
        {
            (o.Invariant, o.ConnectionString) = ("Npgsql", orleansConnection);
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        });
        silo.AddAdoNetGrainStorageAsDefault(Storage);
        silo.AddAdoNetGrainStorage("users", Storage);
        silo.AddAdoNetGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, Storage);
        // Every consumer of the events is an implicit subscriber: the stream layer finds them from the grain types, and
        // no PubSubRendezvousGrain is activated, read and written (one stored row per stream, i.e. per post, forever)
        // the first time each entity publishes. A pulling agent forgets a stream idle as long as its consumer grain lives
        // (Orleans' default is 30 minutes: one entry per post, every one of them scanned on each read of the queue).
        silo.AddMemoryStreams(EventStreams.Provider, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.StreamInactivityPeriod = TimeSpan.Parse(EventConsumerGrain.IdleLifetime)));
        });
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", orleansConnection));
        return silo;
    }

    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    private static bool RunsInKubernetes =>
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null && Environment.GetEnvironmentVariable("POD_IP") is not null;

    /// <summary>127.0.0.1 by default; "auto" takes this host's first non-loopback IPv4 address (containers).</summary>
    private static IPAddress AdvertisedAddress(OrleansHostingOptions o) => o.AdvertisedAddress switch
    {
        null or "" => IPAddress.Loopback,
        "auto" => Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("SocialFlow:Orleans:AdvertisedAddress is 'auto' but this host has no non-loopback IPv4 address."),
        var a => IPAddress.TryParse(a, out var ip) ? ip
            : throw new InvalidOperationException($"SocialFlow:Orleans:AdvertisedAddress '{a}' is not an IP address or 'auto'."),
    };
}
