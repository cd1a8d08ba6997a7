using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>
/// Staged tus chunks in the media store, named by the bytes they hold. A chunk whose commit never happened (its host
/// died, or another host's PATCH at the same offset won) stays beside the committed ones until the upload ends, so
/// the bytes are read along a chain of chunks from 0 that reaches the wanted end. Every chunk holds the client's bytes
/// for its offsets, so any such chain is the file the client sent.
/// </summary>
public sealed class StagedUploads(IMediaStore media, IOptions<VideoUploadOptions> options) : IStagedUploads
{
    public Task StageAsync(Guid videoId, long offset, string chunkFile, CancellationToken ct = default)
    {
        var length = new FileInfo(chunkFile).Length;
        if (length == 0) throw new ArgumentException("An empty chunk is not staged.", nameof(chunkFile));
        return media.PutFileAsync(MediaKeys.UploadChunk(videoId, offset, offset + length), chunkFile, ContentTypes.Binary, ct);
    }

    public async Task<int> ReadHeadAsync(Guid videoId, long end, Memory<byte> buffer, CancellationToken ct = default)
    {
        if (await ChainAsync(videoId, end, ct) is not { } chain) return -1;
        var filled = 0;
        foreach (var (from, to) in chain)
        {
            if (filled == buffer.Length) break;
            var want = (int)Math.Min(to - from, buffer.Length - filled);
            await using var chunk = await media.OpenReadAsync(MediaKeys.UploadChunk(videoId, from, to), 0, want, ct);
            if (chunk is null) return -1;
            var read = await chunk.ReadAtLeastAsync(buffer.Slice(filled, want), want, throwOnEndOfStream: false, ct);
            if (read < want) return -1;
            filled += read;
        }
        return filled;
    }

    public async Task<bool> CompleteAsync(Guid videoId, long length, CancellationToken ct = default)
    {
        if (await ChainAsync(videoId, length, ct) is not { } chain) return false;
        var scratch = Directory.CreateDirectory(options.Value.UploadDirectory!).FullName;
        var joined = Path.Combine(scratch, $"{videoId:N}.{Guid.NewGuid():N}.source");
        try
        {
            await using (var file = new FileStream(joined, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                foreach (var (from, to) in chain)
                {
                    await using var chunk = await media.OpenReadAsync(MediaKeys.UploadChunk(videoId, from, to), ct: ct);
                    if (chunk is null) return false;
                    await chunk.CopyToAsync(file, 1 << 16, ct);
                }
                if (file.Length != length) return false;
            }
            await media.PutFileAsync(MediaKeys.Source(videoId), joined, ContentTypes.Binary, ct);
            return true;
        }
        finally
        {
            File.Delete(joined);
        }
    }

    public Task DeleteAsync(Guid videoId, CancellationToken ct = default) => media.DeletePrefixAsync(MediaKeys.UploadPrefix(videoId), ct);

    public async Task<IReadOnlyList<(Guid VideoId, DateTimeOffset LastWrite)>> ListAsync(CancellationToken ct = default)
    {
        var latest = new Dictionary<Guid, DateTimeOffset>();
        await foreach (var o in media.ListAsync(MediaKeys.Uploads, ct))
        {
            var segments = o.Key.Split('/');
            if (segments.Length != 3 || !Guid.TryParseExact(segments[1], "N", out var id)) continue;
            latest[id] = latest.TryGetValue(id, out var at) && at > o.LastModified ? at : o.LastModified;
        }
        return latest.Select(p => (p.Key, p.Value)).ToList();
    }

    /// <summary>Chunks that join end to end from 0 to <paramref name="end"/> (longer ones preferred); null when there are none.</summary>
    private async Task<List<(long From, long To)>?> ChainAsync(Guid videoId, long end, CancellationToken ct)
    {
        var endsFrom = new Dictionary<long, List<long>>();
        await foreach (var o in media.ListAsync(MediaKeys.UploadPrefix(videoId), ct))
        {
            var name = o.Key[(o.Key.LastIndexOf('/') + 1)..].Split('-');
            if (name.Length != 2 || !long.TryParse(name[0], out var from) || !long.TryParse(name[1], out var to)) continue;
            if (to > end || to - from != o.Length || o.Length <= 0) continue;
            if (!endsFrom.TryGetValue(from, out var ends)) endsFrom[from] = ends = [];
            ends.Add(to);
        }
        // to > from always: going down from the highest offset, each start is linked to an end already known to reach the goal.
        var next = new Dictionary<long, long>();
        foreach (var (from, ends) in endsFrom.OrderByDescending(p => p.Key))
        {
            foreach (var to in ends.OrderDescending())
            {
                if (to == end || next.ContainsKey(to))
                {
                    next[from] = to;
                    break;
                }
            }
        }
        if (!next.ContainsKey(0)) return null;
        var path = new List<(long From, long To)>();
        for (var at = 0L; at != end; at = next[at]) path.Add((at, next[at]));
        return path;
    }
}
