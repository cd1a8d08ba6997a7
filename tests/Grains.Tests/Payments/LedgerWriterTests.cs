using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Payments;

namespace SocialFlow.Grains.Tests.Payments;

/// <summary>The ledger's group commit on a real database: changes that wait together share one transaction, each gets
/// its own answer, and a change that fails fails alone.</summary>
public sealed class LedgerWriterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private LedgerWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsync("CREATE TABLE probe (n integer PRIMARY KEY, tx bigint NOT NULL)");
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SocialFlowMetrics(_services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        _writer = new LedgerWriter(_database.DataSource, metrics, NullLogger<LedgerWriter>.Instance);
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ConcurrentChanges_ShareCommits_AndEachIsDurableWithItsOwnAnswer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(n => _writer.WriteAsync(tx => InsertAsync(tx, n, changed: n % 2 == 0))));

        Assert.Equal(Enumerable.Range(0, 50).Select(n => n % 2 == 0), answers);
        Assert.Equal(50L, await _database.ScalarAsync<long>("SELECT count(*) FROM probe"));
        var transactions = await _database.ScalarAsync<long>("SELECT count(DISTINCT tx) FROM probe");
        Assert.True(transactions < 50, $"50 changes written in {transactions} transactions: none shared a commit");
    }

    [Fact]
    public async Task AFailingChange_FailsAlone_TheOthersOfItsBatchCommit()
    {
        var writes = Enumerable.Range(0, 10).Select(n => _writer.WriteAsync(async tx =>
        {
            if (n == 4) await tx.ExecuteAsync("SELECT 1 / 0");
            return await InsertAsync(tx, n, changed: true);
        })).ToList();

        var failed = await Assert.ThrowsAsync<PostgresException>(() => writes[4]);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, failed.SqlState);
        foreach (var write in writes.Where((_, i) => i != 4)) Assert.True(await write);
        Assert.Equal(9L, await _database.ScalarAsync<long>("SELECT count(*) FROM probe"));
        Assert.Null(await _database.ScalarAsync<object>("SELECT n FROM probe WHERE n = 4"));
        Assert.True(await _writer.WriteAsync(tx => InsertAsync(tx, 100, changed: true)));
    }

    private static async Task<bool> InsertAsync(Tx tx, int n, bool changed)
    {
        await tx.ExecuteAsync("INSERT INTO probe (n, tx) VALUES ($1, txid_current())", n);
        return changed;
    }
}
