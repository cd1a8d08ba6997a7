using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// Partial uploads on this API host's disk, one file per video, until the last byte arrives and the whole file goes
/// to the media store. One PATCH at a time per upload (a lock per id). With several API hosts, route an upload's
/// requests to one host (sticky) or put UploadDirectory on shared storage.
/// </summary>
public sealed class UploadStaging(IOptions<VideoUploadOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Gate> _gates = new();
    private string Root => options.Value.UploadDirectory!;

    public string PathOf(Guid id) => Path.Combine(Root, $"{id:N}.part");

    /// <summary>The staged file positioned at <paramref name="offset"/>; null when it holds fewer bytes than were acknowledged.</summary>
    public FileStream? OpenForAppend(Guid id, long offset)
    {
        Directory.CreateDirectory(Root);
        var file = new FileStream(PathOf(id), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 0, FileOptions.Asynchronous);
        if (file.Length < offset)
        {
            file.Dispose();
            return null;
        }
        if (file.Length > offset) file.SetLength(offset); // bytes of a dropped request that were never acknowledged
        file.Seek(offset, SeekOrigin.Begin);
        return file;
    }

    public long LengthOf(Guid id) => new FileInfo(PathOf(id)) is { Exists: true } f ? f.Length : 0;

    /// <summary>Removes the staged file, if any (the directory exists only once this host staged a byte).</summary>
    public void Delete(Guid id)
    {
        if (Directory.Exists(Root)) File.Delete(PathOf(id));
    }

    public IEnumerable<(Guid Id, DateTime LastWriteUtc)> List() => !Directory.Exists(Root) ? [] :
        Directory.EnumerateFiles(Root, "*.part")
            .Select(p => (Ok: Guid.TryParseExact(Path.GetFileNameWithoutExtension(p), "N", out var id), Id: id, At: File.GetLastWriteTimeUtc(p)))
            .Where(x => x.Ok).Select(x => (x.Id, x.At)).ToList();

    /// <summary>Waits for this upload's lock (a resumed PATCH may arrive while the dropped one is still finishing).</summary>
    public async Task<IDisposable?> LockAsync(Guid id, TimeSpan wait)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(id, _ => new Gate());
            lock (gate)
            {
                if (gate.Retired) continue;
                gate.Users++;
            }
            if (await gate.Semaphore.WaitAsync(wait)) return new Release(this, id, gate);
            Leave(id, gate);
            return null;
        }
    }

    private void Leave(Guid id, Gate gate)
    {
        lock (gate)
        {
            if (--gate.Users > 0) return;
            gate.Retired = true;
            _gates.TryRemove(new KeyValuePair<Guid, Gate>(id, gate));
        }
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
        public bool Retired;
    }

    private sealed class Release(UploadStaging owner, Guid id, Gate gate) : IDisposable
    {
        public void Dispose()
        {
            gate.Semaphore.Release();
            owner.Leave(id, gate);
        }
    }
}
