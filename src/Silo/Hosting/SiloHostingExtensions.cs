using System.Data.Common;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;
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
        var postgres = builder.AddSocialFlowData();
        var redis = RequiredOptions.Bind<RedisOptions>(services, configuration, RedisOptions.Section);
        RequiredOptions.Bind<AccountOptions>(services, configuration, AccountOptions.Section);
        AddEmail(builder);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccountStore>();
        // Registered before Orleans so the schema exists when the ADO.NET providers read their queries.
        services.AddHostedService<MigrationHostedService>();

        var orleansConnection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { NoResetOnClose = true }.ConnectionString;
        DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
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
            silo.AddAdoNetGrainStorageAsDefault(o => o.Configure<Serializer>((options, serializer) => StorageOptions(options, serializer, orleansConnection)));
            silo.AddAdoNetGrainStorage("users", o => o.Configure<Serializer>((options, serializer) => StorageOptions(options, serializer, orleansConnection)));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", orleansConnection));
        });
        return builder;
    }

    /// <summary>The PostgreSQL data source grains and health checks use.</summary>
    public static PostgresOptions AddSocialFlowData(this IHostApplicationBuilder builder)
    {
        var postgres = RequiredOptions.Bind<PostgresOptions>(builder.Services, builder.Configuration, PostgresOptions.Section);
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(postgres.ConnectionString).Build());
        return postgres;
    }

    /// <summary>
    /// State is stored with the Orleans serializer, which honours [Id]s for version tolerance. The default JSON
    /// serializer (Newtonsoft) populates existing objects in place, so it wrote one user's preferences into the
    /// shared default record instance and they leaked into every new user's state.
    /// </summary>
    private static void StorageOptions(AdoNetGrainStorageOptions options, Serializer serializer, string connectionString)
    {
        options.Invariant = "Npgsql";
        options.ConnectionString = connectionString;
        options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
    }

    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    private static void AddEmail(IHostApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration["SocialFlow:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, ".data");
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .PostConfigure(o => o.MailDirectory ??= Path.Combine(dataDirectory, "mail"))
            .ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrEmpty(builder.Configuration[$"{EmailOptions.Section}:SendGridApiKey"]))
        {
            builder.Services.AddSingleton<IEmailSender, FileEmailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IEmailSender, SendGridEmailSender>();
        }
        builder.Services.AddHostedService<EmailOutboxDispatcher>();
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
