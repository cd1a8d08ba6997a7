using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Health;

namespace SocialFlow.Grains.Infrastructure.Postgres;

[StatelessWorker]
[Reentrant]
public sealed class DatabaseHealthGrain(NpgsqlDataSource db) : Grain, IDatabaseHealthGrain
{
    public async Task CheckAsync()
    {
        await using var cmd = db.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync();
    }
}
