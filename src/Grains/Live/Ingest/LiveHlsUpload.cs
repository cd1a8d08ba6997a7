using System.Text;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces.Media;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>
/// One live stream's HLS copied from the encoder's directory into the media store while it is made, so that any API
/// host serves it. ffmpeg names a segment in a rendition's playlist only once the segment is closed, and renames the
/// playlist into place; so a playlist's new segments go up first, then the playlist, and a player never reads a
/// segment that is not there yet. The master goes up once every rendition it names is there. A segment leaves the
/// store once it is in neither of the last two playlists uploaded (a player holding the previous playlist still finds
/// its segments). Woken by a playlist's rename, and every <see cref="Poll"/> in case a change notice is missed.
/// </summary>
public sealed class LiveHlsUpload(IMediaStore store, Guid streamId, string hlsDirectory, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<string, RenditionState> _renditions = new(StringComparer.Ordinal);
    private string? _master;

    /// <summary>Until <paramref name="ct"/> is cancelled; a failed upload is logged and tried again at the next change.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var changed = new SemaphoreSlim(0, 1);
        using var watcher = new FileSystemWatcher(hlsDirectory, "*.m3u8") { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName };
        watcher.Renamed += (_, _) => Wake(changed);
        watcher.Created += (_, _) => Wake(changed);
        watcher.EnableRaisingEvents = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(ct);
                await changed.WaitAsync(Poll, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Uploading the live HLS of stream {StreamId} failed: {Error}", streamId, e.Message);
                await Task.Delay(Poll, CancellationToken.None);
            }
        }
    }

    private static void Wake(SemaphoreSlim changed)
    {
        try { changed.Release(); } catch (SemaphoreFullException) { } // already woken
    }

    private async Task SyncAsync(CancellationToken ct)
    {
        if (ReadText(Path.Combine(hlsDirectory, LiveMediaPaths.Master)) is not { } master) return;
        var names = Entries(master).Select(e => e.Split('/')[0]).ToList();
        foreach (var name in names) _renditions.TryAdd(name, new RenditionState());
        await Task.WhenAll(names.Select(n => SyncRenditionAsync(n, _renditions[n], ct)));
        if (master != _master && names.All(n => _renditions[n].Playlist is not null))
        {
            await PutTextAsync(LiveMediaPaths.HlsKey(streamId, null, LiveMediaPaths.Master), master, ct);
            _master = master;
        }
    }

    private async Task SyncRenditionAsync(string rendition, RenditionState state, CancellationToken ct)
    {
        var dir = Path.Combine(hlsDirectory, rendition);
        if (ReadText(Path.Combine(dir, LiveMediaPaths.Playlist)) is not { } playlist || playlist == state.Playlist) return;
        var segments = Entries(playlist).ToList();
        foreach (var segment in segments.Where(s => !state.Stored.Contains(s)))
        {
            try
            {
                await store.PutFileAsync(LiveMediaPaths.HlsKey(streamId, rendition, segment), Path.Combine(dir, segment), ContentTypes.Segment, ct);
                state.Stored.Add(segment);
            }
            catch (FileNotFoundException)
            {
                // Deleted by the encoder before it could go up (this upload fell a whole playlist behind): players skip it.
            }
        }
        await PutTextAsync(LiveMediaPaths.HlsKey(streamId, rendition, LiveMediaPaths.Playlist), playlist, ct);
        foreach (var old in state.Stored.Where(s => !segments.Contains(s) && !state.Previous.Contains(s)).ToList())
        {
            await store.DeleteAsync(LiveMediaPaths.HlsKey(streamId, rendition, old), ct);
            state.Stored.Remove(old);
        }
        (state.Playlist, state.Previous) = (playlist, segments);
    }

    private async Task PutTextAsync(string key, string text, CancellationToken ct)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
        await store.PutAsync(key, content, ContentTypes.Playlist, ct);
    }

    /// <summary>The playlist's URIs (its lines that are not tags).</summary>
    private static IEnumerable<string> Entries(string playlist) =>
        playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('#'));

    private static string? ReadText(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    private sealed class RenditionState
    {
        public string? Playlist { get; set; }
        public HashSet<string> Stored { get; } = new(StringComparer.Ordinal);
        public List<string> Previous { get; set; } = [];
    }
}
