using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Postgres;

public sealed class PostgresOptions
{
    public const string Section = "SocialFlow:Postgres";

    /// <summary>Npgsql connection string. Secret: never logged.</summary>
    [Required(ErrorMessage = "SocialFlow:Postgres:ConnectionString is required (e.g. Host=127.0.0.1;Port=15432;Database=socialflow;Username=…;Password=…).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>At most this many connections for the prepared statements (<see cref="PostgresRegistration.PreparedPool"/>),
    /// besides the connection string's own pool.</summary>
    [Range(1, 1000, ErrorMessage = "SocialFlow:Postgres:PreparedMaxConnections must be between 1 and 1000.")]
    public int PreparedMaxConnections { get; set; } = 16;

    /// <summary>This many of them (at most PreparedMaxConnections) are opened when the host starts and kept open
    /// (<see cref="PreparedPoolWarmup"/>).</summary>
    [Range(0, 1000, ErrorMessage = "SocialFlow:Postgres:PreparedWarmConnections must be between 0 and 1000.")]
    public int PreparedWarmConnections { get; set; } = 16;
}
