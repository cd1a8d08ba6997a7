namespace SocialFlow.Grains.Interfaces.Media;

/// <summary>
/// The bytes of unfinished tus uploads, kept in the media store so that any API host can take an upload's next PATCH
/// (the offset is the video grain's, in PostgreSQL). Each acknowledged PATCH is one staged chunk; the last one joins
/// them into the video's source. Implemented in Grains; a service in the API host's process.
/// </summary>
public interface IStagedUploads
{
    /// <summary>Stages <paramref name="chunkFile"/> as the upload's bytes from <paramref name="offset"/> on (durable when it returns).</summary>
    Task StageAsync(Guid videoId, long offset, string chunkFile, CancellationToken ct = default);

    /// <summary>Reads the upload's first bytes, up to <paramref name="end"/>, into the buffer; -1 when staged bytes before it are missing.</summary>
    Task<int> ReadHeadAsync(Guid videoId, long end, Memory<byte> buffer, CancellationToken ct = default);

    /// <summary>Joins the staged bytes [0, length) into the video's source in the media store; false when some are missing.</summary>
    Task<bool> CompleteAsync(Guid videoId, long length, CancellationToken ct = default);

    /// <summary>Drops the upload's staged bytes, if any.</summary>
    Task DeleteAsync(Guid videoId, CancellationToken ct = default);

    /// <summary>The uploads with staged bytes and when each was last written to.</summary>
    Task<IReadOnlyList<(Guid VideoId, DateTimeOffset LastWrite)>> ListAsync(CancellationToken ct = default);
}
