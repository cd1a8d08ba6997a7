using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// The silo's group commit of feed_entries (<see cref="BatchingQueue{T}"/>): every new item is put into its author's feed
/// and a page of followers' at a time, so the short pages waiting for their rows (an author's own feed, a small audience)
/// are inserted by one prepared statement (one round trip and one commit a batch, not one an item). Idempotent (a row there already is left as it is); rows are
/// written in key order, so two silos' batches never wait on each other in opposite orders.
/// </summary>
public sealed class FeedEntryWriter([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, SocialFlowMetrics metrics, ILogger<FeedEntryWriter> logger)
    : GroupCommitWriter<FeedEntryWriter.Push>("feed_entries", MaxBatch, metrics, logger)
{
    /// <summary>One entry into the feeds of some users.</summary>
    public sealed record Push(Guid[] Users, FeedEntry Entry);

    private const int MaxBatch = 200;

    // A page at least this long is a batch already and is written on its own: a statement holds at most
    // MaxBatch × SharedBelow rows, and a large fan-out does not wait for others' rows.
    private const int SharedBelow = 64;

    private const string Sql = """
        INSERT INTO feed_entries (user_id, item_id, kind, author_id, created_at)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::uuid[], $5::timestamptz[]) ON CONFLICT DO NOTHING
        """;

    /// <summary>Completes once the entry is in every one of the users' feeds.</summary>
    public Task InsertAsync(Guid[] users, FeedEntry entry) =>
        users.Length < SharedBelow ? QueueAsync(new Push(users, entry)) : CommitAsync([new Push(users, entry)]);

    protected override async Task CommitAsync(IReadOnlyList<Push> batch)
    {
        var rows = batch.SelectMany(p => p.Users.Select(user => (User: user, p.Entry))).OrderBy(r => r.User).ThenBy(r => r.Entry.ItemId).ToList();
        await using var insert = await PreparedCommand.OpenAsync(prepared, Sql,
            rows.Select(r => r.User).ToArray(), rows.Select(r => r.Entry.ItemId).ToArray(), rows.Select(r => (short)r.Entry.Kind).ToArray(),
            rows.Select(r => r.Entry.AuthorId).ToArray(), rows.Select(r => r.Entry.At.ToUniversalTime()).ToArray());
        await insert.Command.ExecuteNonQueryAsync();
    }
}
