using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Content;
using SocialFlow.Grains.Interfaces.Live;

namespace SocialFlow.Grains.Live;

public sealed class LiveStreamStore(NpgsqlDataSource db)
{
    /// <summary>What <see cref="Read"/> reads, in order; queries add their own columns after these.</summary>
    private const string Columns = "id, owner_id, title, description, visibility, record, state, peak_viewers, created_at, started_at, ended_at";

    public async Task<(LiveStreamView View, byte[] KeyHash)?> LoadAsync(Guid id)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns}, key_hash FROM live_streams WHERE id = $1");
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return (Read(r), r.GetFieldValue<byte[]>(11));
    }

    /// <summary>Public streams live now, newest start first, after the cursor (keyset paging on started_at, id).</summary>
    public async Task<List<LiveStreamView>> LiveNowAsync(PageCursor? after, int count)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {Columns} FROM live_streams
            WHERE state = 'live' AND visibility = 'public' AND ($1::timestamptz IS NULL OR (started_at, id) < ($1, $2))
            ORDER BY started_at DESC, id DESC LIMIT $3
            """);
        Tx.AddParameters(cmd, (object?)after?.At ?? DBNull.Value, (object?)after?.Id ?? DBNull.Value, count);
        var streams = new List<LiveStreamView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) streams.Add(Read(r));
        return streams;
    }

    private static LiveStreamView Read(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetGuid(1), r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3), Enum.Parse<Visibility>(r.GetString(4), ignoreCase: true), r.GetBoolean(5),
        Enum.Parse<LiveState>(r.GetString(6), ignoreCase: true), r.GetInt32(7), r.GetFieldValue<DateTimeOffset>(8), Time(r, 9), Time(r, 10));

    /// <summary>False when the id is taken.</summary>
    public async Task<bool> InsertAsync(LiveStreamView s, byte[] keyHash)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO live_streams (id, owner_id, title, description, visibility, record, key_hash, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING
            """);
        Tx.AddParameters(cmd, s.Id, s.OwnerId, s.Title, (object?)s.Description ?? DBNull.Value, Name(s.Visibility), s.Record, keyHash, Name(s.State), s.CreatedAt);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    public async Task SetKeyAsync(Guid id, byte[] keyHash)
    {
        await using var cmd = db.CreateCommand("UPDATE live_streams SET key_hash = $2 WHERE id = $1");
        Tx.AddParameters(cmd, id, keyHash);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Writes a state transition (callers call it only when the state changes) and, in the same commit, the stream's
    /// started or ended event, so followers hear of a live start exactly when it happened.
    /// </summary>
    public async Task SetStateAsync(LiveStreamView s)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE live_streams SET state = $2, started_at = $3, ended_at = $4, peak_viewers = $5 WHERE id = $1",
            s.Id, Name(s.State), (object?)s.StartedAt ?? DBNull.Value, (object?)s.EndedAt ?? DBNull.Value, s.PeakViewers);
        if (s.State is LiveState.Live or LiveState.Ended)
        {
            await EventOutbox.AppendAsync(tx, EventStreams.Live, s.Id, s.OwnerId, s.State == LiveState.Live ? EventKinds.Live.Started : EventKinds.Live.Ended, new
            {
                stream_id = s.Id, owner_id = s.OwnerId, title = s.Title, visibility = Name(s.Visibility), at = s.EndedAt ?? s.StartedAt,
            });
        }
        await tx.CommitAsync();
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
