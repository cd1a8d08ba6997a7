using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Postgres;

public sealed class PostgresOptions
{
    public const string Section = "SocialFlow:Postgres";

    /// <summary>Npgsql connection string. Secret: never logged.</summary>
    [Required(ErrorMessage = "SocialFlow:Postgres:ConnectionString is required (e.g. Host=127.0.0.1;Port=15432;Database=socialflow;Username=…;Password=…).")]
    public string ConnectionString { get; set; } = "";
}
