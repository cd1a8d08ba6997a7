using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Silo.Hosting;

public enum ClusteringKind { Localhost, Redis }

public enum ApiHostMode { CoHosted, Client }

public sealed class OrleansHostingOptions
{
    public const string Section = "SocialFlow:Orleans";

    /// <summary>ApiHost only: run a silo in the same process, or connect to separate silos as a client.</summary>
    public ApiHostMode Mode { get; set; } = ApiHostMode.CoHosted;

    /// <summary>Localhost for one process; Redis whenever more than one silo runs.</summary>
    public ClusteringKind Clustering { get; set; } = ClusteringKind.Localhost;

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "socialflow";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "socialflow";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at: an IP, or "auto" (first non-loopback IPv4); defaults to 127.0.0.1.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Shorter membership probes, so a killed silo is declared dead in seconds (tests, small clusters).</summary>
    public bool FastFailureDetection { get; set; }
}

public sealed class RedisOptions
{
    public const string Section = "SocialFlow:Redis";

    /// <summary>StackExchange.Redis configuration string. Secret: never logged.</summary>
    [Required(ErrorMessage = "SocialFlow:Redis:ConnectionString is required (e.g. 127.0.0.1:16379).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Connects in the background and keeps retrying, so a Redis restart does not stop the process.</summary>
    public StackExchange.Redis.ConfigurationOptions WithoutFailFast()
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        return options;
    }
}
