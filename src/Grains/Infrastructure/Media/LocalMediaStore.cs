using System.Runtime.CompilerServices;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>Media under one directory. Objects are written to a temporary file, fsynced, then renamed into place.</summary>
public sealed class LocalMediaStore(string root) : IMediaStore
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, 1 << 16, ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task PutFileAsync(string key, string path, string contentType, CancellationToken ct = default)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(key, source, contentType, ct);
    }

    public Task<long?> GetLengthAsync(string key, CancellationToken ct = default)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public Task<Stream?> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult<Stream?>(null);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        file.Seek(offset, SeekOrigin.Begin);
        Stream stream = length is { } n ? new SliceStream(file, n) : file;
        return Task.FromResult<Stream?>(stream);
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken ct = default)
    {
        var path = PathOf(prefix);
        if (prefix.EndsWith('/'))
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        else
        {
            var dir = Path.GetDirectoryName(path)!;
            if (Directory.Exists(dir))
            {
                foreach (var f in Directory.EnumerateFiles(dir, Path.GetFileName(path) + "*")) File.Delete(f);
            }
        }
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<MediaObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var dir = prefix.Length == 0 ? _root : prefix.EndsWith('/') ? PathOf(prefix) : Path.GetDirectoryName(PathOf(prefix))!;
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            // A write in progress ("{key}.{guid}.tmp") is not an object yet.
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            var info = new FileInfo(file);
            if (info.Exists) yield return new MediaObject(key, info.Length, info.LastWriteTimeUtc);
        }
        await Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, MediaKeyRules.Check(key)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new ArgumentException($"'{key}' leaves the media root.", nameof(key));
        return path;
    }
}

/// <summary>The first <c>length</c> bytes of an inner stream, read from its current position.</summary>
internal sealed class SliceStream(Stream inner, long size) : Stream
{
    private readonly long _size = size;
    private long _left = size;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _size;
    public override long Position { get => _size - _left; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_left <= 0) return 0;
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        _left -= n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_left <= 0) return 0;
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], ct);
        _left -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
