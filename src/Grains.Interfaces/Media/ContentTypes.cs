namespace SocialFlow.Grains.Interfaces.Media;

/// <summary>The content types of the media files the server makes, by extension: stored with them and served with them.</summary>
public static class ContentTypes
{
    public const string Playlist = "application/vnd.apple.mpegurl";
    public const string Segment = "video/mp2t";
    public const string Jpeg = "image/jpeg";
    public const string Binary = "application/octet-stream";

    public static string Of(string fileName) => Path.GetExtension(fileName) switch
    {
        ".m3u8" => Playlist,
        ".ts" => Segment,
        ".jpg" => Jpeg,
        _ => Binary,
    };
}
