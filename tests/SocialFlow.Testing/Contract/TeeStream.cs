namespace SocialFlow.Testing.Contract;

/// <summary>Passes every write through and keeps a copy of the first bytes when <c>wanted</c> says so at the first write.</summary>
internal sealed class TeeStream(Stream inner, int limit, Func<bool> wanted) : Stream
{
    private MemoryStream? _copy;
    private bool _decided;

    public string? Captured => _copy is null ? null : System.Text.Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (!_decided)
        {
            _decided = true;
            if (wanted()) _copy = new MemoryStream();
        }
        if (_copy is null || _copy.Length >= limit) return;
        _copy.Write(bytes[..Math.Min(bytes.Length, limit - (int)_copy.Length)]);
    }

    protected override void Dispose(bool disposing)
    {
        // The response owns the inner stream; only the copy is ours.
        if (disposing) _copy?.Dispose();
        base.Dispose(disposing);
    }
}
