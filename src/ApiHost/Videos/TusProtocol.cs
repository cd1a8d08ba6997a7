using System.Security.Cryptography;
using System.Text;

namespace SocialFlow.ApiHost.Videos;

/// <summary>tus 1.0.0 header names and parsing (core, creation, expiration, termination, checksum).</summary>
public static class TusProtocol
{
    public const string Version = "1.0.0";
    public const string Extensions = "creation,expiration,termination,checksum";
    public const string ChecksumAlgorithms = "sha1,sha256,md5";
    public const string OffsetContentType = "application/offset+octet-stream";
    public const int ChecksumMismatch = 460;

    public const string Resumable = "Tus-Resumable";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadLength = "Upload-Length";
    public const string UploadExpires = "Upload-Expires";
    public const string UploadMetadata = "Upload-Metadata";
    public const string UploadChecksum = "Upload-Checksum";
    public const string UploadDeferLength = "Upload-Defer-Length";

    /// <summary>A non-negative integer header, as tus requires for Upload-Offset and Upload-Length.</summary>
    public static bool TryReadLength(HttpRequest request, string header, out long value)
    {
        value = 0;
        var text = request.Headers[header].ToString();
        return text.Length is > 0 and < 20 && text.All(char.IsAsciiDigit) && long.TryParse(text, out value);
    }

    /// <summary>"key base64,key2 base64,key3": keys with their decoded values (a key alone has an empty value).</summary>
    public static Dictionary<string, string>? ParseMetadata(string header)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header)) return result;
        foreach (var pair in header.Split(','))
        {
            var parts = pair.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts[0].Length == 0 || result.ContainsKey(parts[0])) return null;
            try
            {
                result[parts[0]] = parts.Length == 2 ? Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])) : "";
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return result;
    }

    /// <summary>"sha1 &lt;base64 digest&gt;": the hash to compute and the digest to expect; null when malformed or unsupported.</summary>
    public static (IncrementalHash Hash, byte[] Expected)? ParseChecksum(string header)
    {
        var parts = header.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2) return null;
        HashAlgorithmName? algorithm = parts[0] switch
        {
            "sha1" => HashAlgorithmName.SHA1,
            "sha256" => HashAlgorithmName.SHA256,
            "md5" => HashAlgorithmName.MD5,
            _ => null,
        };
        if (algorithm is null) return null;
        try
        {
            return (IncrementalHash.CreateHash(algorithm.Value), Convert.FromBase64String(parts[1]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string HttpDate(DateTimeOffset at) => at.UtcDateTime.ToString("R");
}
