using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using SocialFlow.ApiHost.Endpoints;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// A tus PATCH: streams the body into the staged file (never whole in memory), fsyncs it, sniffs the first bytes,
/// puts the finished file in the media store, and only then has the grain persist the new offset. A 204 therefore
/// means the bytes are on disk and the offset is in PostgreSQL. Bytes of a dropped request are kept (and committed)
/// unless the client asked for a checksum, which a partial chunk cannot match.
/// </summary>
public sealed class UploadReceiver(UploadStaging staging, IMediaFiles media, IGrainFactory grains, ILogger<UploadReceiver> logger)
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
        using var gate = await staging.LockAsync(id, TimeSpan.FromSeconds(10));
        if (gate is null) return Problems.Result(409, "upload_busy", "Another request is writing to this upload; retry.");

        var video = grains.Ref<IVideoGrain>(id);
        var session = await video.GetUploadAsync(userId);
        if (session is null) return Problems.NotFound("upload");
        if (await TusUploadEndpoints.GoneAsync(video, session, staging) is { } gone) return gone;
        if (offset != session.Offset)
        {
            http.Response.Headers[TusProtocol.UploadOffset] = session.Offset.ToString();
            return Problems.Result(409, "offset_mismatch", $"The upload is at offset {session.Offset}, not {offset}.");
        }
        var remaining = session.Length - offset;
        if (request.ContentLength > remaining) return Problems.Result(413, "upload_length_exceeded", $"Only {remaining} more bytes fit in this upload.");

        var file = staging.OpenForAppend(id, offset);
        if (file is null)
        {
            await video.RefuseUploadAsync(userId, "The staged bytes of this upload were lost; create the video again.");
            return Problems.Result(410, "upload_gone", "This upload's staged bytes were lost.");
        }
        long received;
        bool broken, tooLong;
        await using (file)
        {
            (received, broken, tooLong) = await CopyBodyAsync(request.Body, file, hash, remaining);
            var mismatch = hash is not null && (broken || !CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), checksum!.Value.Expected));
            if (tooLong || mismatch)
            {
                file.SetLength(offset);
                file.Flush(flushToDisk: true);
                return tooLong ? Problems.Result(413, "upload_length_exceeded", $"Only {remaining} more bytes fit in this upload.")
                    : broken ? Problems.Result(400, "incomplete_body", "The request body ended early; nothing was kept.")
                    : Problems.Result(TusProtocol.ChecksumMismatch, "checksum_mismatch", "The chunk does not match its Upload-Checksum; nothing was kept.");
            }
            file.Flush(flushToDisk: true);
        }

        var newOffset = offset + received;
        if (offset < SniffBytes && newOffset >= Math.Min(SniffBytes, session.Length) && !await LooksLikeVideoAsync(id))
        {
            staging.Delete(id);
            await video.RefuseUploadAsync(userId, "The file is not a video: its first bytes match no known video format.");
            return Problems.Result(415, "not_a_video", "The file is not a video: its first bytes match no known video format.");
        }
        if (newOffset == session.Length && received > 0)
        {
            try
            {
                await media.StoreUploadAsync(id, staging.PathOf(id));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The offset was not advanced: the client retries the last chunk, which replaces the staged tail.
                logger.LogWarning(e, "Media store refused the upload of {VideoId}", id);
                return Problems.Result(503, "media_store_unavailable", "The media store is unavailable; retry the last chunk.", TimeSpan.FromSeconds(5));
            }
        }
        var commit = await video.CommitUploadAsync(userId, offset, newOffset);
        switch (commit.Status)
        {
            case UploadCommitStatus.Committed:
                if (commit.Session!.State == UploadState.Complete) staging.Delete(id);
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

    private async Task<bool> LooksLikeVideoAsync(Guid id)
    {
        var head = new byte[SniffBytes];
        await using var file = new FileStream(staging.PathOf(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var n = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false);
        return MediaSniffer.LooksLikeVideo(head.AsSpan(0, n));
    }
}
