using System.Data.Common;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Content;
using SocialFlow.Grains.Content.Engagement;
using SocialFlow.Grains.Posts;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Users;
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

        builder.UseOrleans(silo =>
        {
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
    /// The services grains depend on (PostgreSQL, account store, clock, email outbox) and the migrations hosted service.
    /// Separate from clustering so Orleans.TestingHost silos get exactly the production wiring.
    /// </summary>
    public static PostgresOptions AddSocialFlowSiloServices(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = services.AddSocialFlowData(configuration);
        var redis = RequiredOptions.Bind<RedisOptions>(services, configuration, RedisOptions.Section);
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.WithoutFailFast()));
        // First hosted service: the schema exists before the email dispatcher or Orleans' providers touch it.
        services.AddHostedService<MigrationHostedService>();
        RequiredOptions.Bind<AccountOptions>(services, configuration, AccountOptions.Section);
        AddEmail(services, configuration);
        services.AddSingleton(TimeProvider.System);
        // Let PostgreSQL errors thrown in grains reach callers as what they are, not as a codec failure.
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        services.AddSingleton<AccountStore>();
        services.AddSingleton<Grains.ReadModels.ProfileCountsReadModel>();
        services.AddSocialFlowPosts(configuration);
        services.AddSocialFlowVideos(configuration);
        AddEngagement(services);
        services.AddSocialFlowEvents();
        services.AddSocialFlowFeeds();
        services.AddSocialFlowSocial();
        services.AddSocialFlowNotifications();
        services.AddSocialFlowLive(configuration);
        services.AddSocialFlowLiveChat(configuration);
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
        silo.AddMemoryStreams(EventStreams.Provider);
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", orleansConnection));
        return silo;
    }

    /// <summary>The PostgreSQL data source grains and health checks use.</summary>
    public static PostgresOptions AddSocialFlowData(this IHostApplicationBuilder builder) =>
        builder.Services.AddSocialFlowData(builder.Configuration);

    public static PostgresOptions AddSocialFlowData(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = RequiredOptions.Bind<PostgresOptions>(services, configuration, PostgresOptions.Section);
        // Statements that run again and again (the engagement batch is one large CTE) are prepared once per
        // connection instead of being parsed and planned on every execution.
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxAutoPrepare = 128, AutoPrepareMinUsages = 2 };
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString.ConnectionString).Build());
        return postgres;
    }

    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>The group-commit writer every content grain of this silo hands its facts to, and the view window's pruner.</summary>
    private static void AddEngagement(IServiceCollection services)
    {
        services.AddOptions<EngagementOptions>().BindConfiguration(EngagementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IEngagementFaults, NoEngagementFaults>();
        services.AddSingleton<ContentStore>();
        services.AddSingleton<EngagementWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EngagementWriter>());
        services.AddHostedService<ViewDedupPruner>();
        services.AddHostedService<UnattachedImageSweeper>();
    }

    private static void AddEmail(IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = configuration["SocialFlow:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, ".data");
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .PostConfigure(o => o.MailDirectory ??= Path.Combine(dataDirectory, "mail"))
            .ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrEmpty(configuration[$"{EmailOptions.Section}:SendGridApiKey"]))
        {
            services.AddSingleton<IEmailSender, FileEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SendGridEmailSender>();
        }
        services.AddHostedService<EmailOutboxDispatcher>();
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
