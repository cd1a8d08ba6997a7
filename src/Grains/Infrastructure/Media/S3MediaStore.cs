using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>Media in one S3 bucket (AWS or any S3-protocol server).</summary>
public sealed class S3MediaStore(IAmazonS3 s3, string bucket) : IMediaStore
{
    public static IAmazonS3 CreateClient(S3MediaOptions o)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = o.ForcePathStyle,
            AuthenticationRegion = o.Region,
            // Checksums only where S3 requires them: S3-compatible servers differ in the newer trailing-checksum encodings.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(o.ServiceUrl)) config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(o.Region);
        else config.ServiceURL = o.ServiceUrl;
        return string.IsNullOrWhiteSpace(o.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(o.AccessKey, o.SecretKey), config);
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct = default)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = MediaKeyRules.Check(key), InputStream = content, ContentType = contentType,
            AutoCloseStream = false, UseChunkEncoding = false,
        }, ct);
    }

    public async Task PutFileAsync(string key, string path, string contentType, CancellationToken ct = default)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = MediaKeyRules.Check(key), FilePath = path, ContentType = contentType, UseChunkEncoding = false,
        }, ct);
    }

    public async Task<long?> GetLengthAsync(string key, CancellationToken ct = default)
    {
        try
        {
            var meta = await s3.GetObjectMetadataAsync(bucket, MediaKeyRules.Check(key), ct);
            return meta.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = MediaKeyRules.Check(key) };
        if (offset > 0 || length is not null)
        {
            if (length == 0) return new MemoryStream([], writable: false);
            request.ByteRange = length is { } n ? new ByteRange(offset, offset + n - 1) : new ByteRange($"bytes={offset}-");
        }
        try
        {
            var response = await s3.GetObjectAsync(request, ct);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default) => await s3.DeleteObjectAsync(bucket, MediaKeyRules.Check(key), ct);

    public async Task DeletePrefixAsync(string prefix, CancellationToken ct = default)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = MediaKeyRules.Check(prefix) };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            // One DELETE per object: the batch DeleteObjects call needs a Content-MD5 that some S3-compatible servers reject.
            foreach (var o in page.S3Objects ?? []) await s3.DeleteObjectAsync(bucket, o.Key, ct);
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
    }

    public async IAsyncEnumerable<MediaObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix.Length == 0 ? "" : MediaKeyRules.Check(prefix) };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            foreach (var o in page.S3Objects ?? []) yield return new MediaObject(o.Key, o.Size ?? 0, o.LastModified ?? DateTime.UnixEpoch);
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
    }
}
