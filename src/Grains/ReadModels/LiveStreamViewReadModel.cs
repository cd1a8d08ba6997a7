using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Live;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// A live stream as its chat room sees it: the public view of its row, without the stream key's hash or the pending
/// recording that only the stream's grain needs.
/// <para>
/// Reads live_streams (Live: written only by LiveStreamGrain through LiveStreamStore). Why not the stream's grain: that
/// grain calls the room (StreamChangedAsync, awaited in its own turn) whenever the state changes, so the room asking it
/// back would be a call cycle between two non-reentrant grains. Why it is safe: read only, one writer, and the room
/// re-reads on every change notice and every SaveInterval, so a notice lost with a silo only delays what it sees.
/// </para>
/// </summary>
public sealed class LiveStreamViewReadModel(NpgsqlDataSource db)
{
    /// <summary>The stream's view; null when there is no such stream.</summary>
    public async Task<LiveStreamView?> GetAsync(Guid streamId)
    {
        await using var cmd = db.CreateCommand($"SELECT {LiveStreamStore.Columns} FROM live_streams WHERE id = $1");
        Tx.AddParameters(cmd, streamId);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? LiveStreamStore.Read(r) : null;
    }
}
