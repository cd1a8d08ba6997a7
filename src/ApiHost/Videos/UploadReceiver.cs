using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SocialFlow.ApiHost.Endpoints;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// A tus PATCH: streams the body into a scratch file (never whole in memory), stages it as a chunk in the media store,
/// sniffs the first bytes, joins the chunks into the video's source after the last one, and only then has the grain
/// persist the new offset. A 204 therefore means the bytes are in the media store and the offset is in PostgreSQL, so
/// the next PATCH may go to any API host. Bytes of a dropped request are kept (and committed) unless the client asked
/// for a checksum, which a partial chunk cannot match.
/// </summary>
public sealed class UploadReceiver(
    UploadLocks locks, IStagedUploads staged, IOptions<VideoUploadOptions> options, IGrainFactory grains, ILogger<UploadReceiver> logger)
{
    private const int BufferSize = 128 * 1024;
    public const int SniffBytes = 512;

    public async Task<IResult> PatchAsync(HttpContext http, Guid id, Guid userId)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(TusProtocol.OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Result(415, "unsupported_media_type", $"A tus PATCH body must be {TusProtocol.OffsetContentType}.");
        }
        if (!TusProtocol.TryReadLength(request, TusProtocol.UploadOffset, out var offset))
        {
            return Problems.Result(400, "invalid_upload_offset", "Upload-Offset must be a non-negative integer.");
        }
        var checksumHeader = request.Headers[TusProtocol.UploadChecksum].ToString();
        var checksum = checksumHeader.Length == 0 ? null : TusProtocol.ParseChecksum(checksumHeader);
        if (checksumHeader.Length > 0 && checksum is null)
        {
            return Problems.Result(400, "unsupported_checksum", $"Upload-Checksum must be '<algorithm> <base64 digest>' with one of: {TusProtocol.ChecksumAlgorithms}.");
        }
        using var hash = checksum?.Hash;
        using var gate = await locks.LockAsync(id, TimeSpan.FromSeconds(10));
        if (gate is null) return Problems.Result(409, "upload_busy", "Another request is writing to this upload; retry.");

        var video = grains.Ref<IVideoGrain>(id);
        var session = await video.GetUploadAsync(userId);
        if (session is null) return Problems.NotFound("upload");
        if (await TusUploadEndpoints.GoneAsync(video, session, staged) is { } gone) return gone;
        if (offset != session.Offset)
        {
            http.Response.Headers[TusProtocol.UploadOffset] = session.Offset.ToString();
            return Problems.Result(409, "offset_mismatch", $"The upload is at offset {session.Offset}, not {offset}.");
        }
        var remaining = session.Length - offset;
        if (request.ContentLength > remaining) return Problems.Result(413, "upload_length_exceeded", $"Only {remaining} more bytes fit in this upload.");

        var chunk = Path.Combine(Directory.CreateDirectory(options.Value.UploadDirectory!).FullName, $"{id:N}.{Guid.NewGuid():N}.chunk");
        try
        {
            long received;
            bool broken, tooLong;
            await using (var file = new FileStream(chunk, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                (received, broken, tooLong) = await CopyBodyAsync(request.Body, file, hash, remaining);
            }
            var mismatch = hash is not null && (broken || !CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), checksum!.Value.Expected));
            if (tooLong || mismatch)
            {
                return tooLong ? Problems.Result(413, "upload_length_exceeded", $"Only {remaining} more bytes fit in this upload.")
                    : broken ? Problems.Result(400, "incomplete_body", "The request body ended early; nothing was kept.")
                    : Problems.Result(TusProtocol.ChecksumMismatch, "checksum_mismatch", "The chunk does not match its Upload-Checksum; nothing was kept.");
            }
            var newOffset = offset + received;
            if (received > 0 && await StageAsync(id, offset, newOffset, session.Length, chunk) is { } refused)
            {
                return refused switch
                {
                    Refusal.Unavailable => Problems.Result(503, "media_store_unavailable", "The media store is unavailable; retry this chunk.", TimeSpan.FromSeconds(5)),
                    Refusal.Lost => await RefuseAsync(video, userId, id, 410, "upload_gone", "The staged bytes of this upload were lost; create the video again."),
                    _ => await RefuseAsync(video, userId, id, 415, "not_a_video", "The file is not a video: its first bytes match no known video format."),
                };
            }
            return await CommitAsync(http, id, video, userId, offset, newOffset, broken);
        }
        finally
        {
            File.Delete(chunk);
        }
    }

    private enum Refusal { Unavailable, Lost, NotAVideo }

    /// <summary>Stages the chunk, sniffs the file's head once it is in, joins the whole file after the last chunk; null when all went well.</summary>
    private async Task<Refusal?> StageAsync(Guid id, long offset, long newOffset, long length, string chunk)
    {
        try
        {
            await staged.StageAsync(id, offset, chunk);
            if (offset < SniffBytes && newOffset >= Math.Min(SniffBytes, length))
            {
                var head = new byte[SniffBytes];
                var n = await staged.ReadHeadAsync(id, newOffset, head);
                if (n < 0) return Lost(id, newOffset);
                if (!MediaSniffer.LooksLikeVideo(head.AsSpan(0, n))) return Refusal.NotAVideo;
            }
            // The offset is not advanced until this returns: on failure the client retries the chunk, which is staged again.
            if (newOffset == length && !await staged.CompleteAsync(id, length)) return Lost(id, newOffset);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Media store refused a chunk of upload {VideoId}", id);
            return Refusal.Unavailable;
        }
    }

    /// <summary>Logged: the client is told to start over, and an operator needs to know the media store lost bytes it acknowledged.</summary>
    private Refusal Lost(Guid id, long offset)
    {
        logger.LogWarning("Upload {VideoId}: its staged chunks up to {Offset} could not be read back from the media store; the upload is refused", id, offset);
        return Refusal.Lost;
    }

    private async Task<IResult> RefuseAsync(IVideoGrain video, Guid userId, Guid id, int status, string code, string reason)
    {
        await staged.DeleteAsync(id);
        await video.RefuseUploadAsync(userId, reason);
        return Problems.Result(status, code, reason);
    }

    private async Task<IResult> CommitAsync(HttpContext http, Guid id, IVideoGrain video, Guid userId, long offset, long newOffset, bool broken)
    {
        var commit = await video.CommitUploadAsync(userId, offset, newOffset);
        switch (commit.Status)
        {
            case UploadCommitStatus.Committed:
                if (commit.Session!.State == UploadState.Complete) await staged.DeleteAsync(id);
                TusUploadEndpoints.SessionHeaders(http.Response, commit.Session);
                return broken ? Problems.Result(400, "incomplete_body", "The request body ended early; the bytes received were kept.") : TypedResults.NoContent();
            case UploadCommitStatus.OffsetMismatch:
                return Problems.Result(409, "offset_mismatch", "The upload moved on meanwhile; ask for its offset with HEAD.");
            case UploadCommitStatus.Gone:
                return Problems.Result(410, "upload_gone", "This upload has ended.");
            default:
                return Problems.NotFound("upload");
        }
    }

    private static async Task<(long Received, bool Broken, bool TooLong)> CopyBodyAsync(Stream body, FileStream file, IncrementalHash? hash, long remaining)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long received = 0;
        try
        {
            while (true)
            {
                int n;
                try
                {
                    n = await body.ReadAsync(buffer.AsMemory(0, BufferSize));
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException or InvalidOperationException)
                {
                    return (received, true, false); // the client went away mid-chunk
                }
                if (n == 0) return (received, false, false);
                if (received + n > remaining) return (received, false, true);
                await file.WriteAsync(buffer.AsMemory(0, n));
                hash?.AppendData(buffer, 0, n);
                received += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
