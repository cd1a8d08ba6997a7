namespace SocialFlow.Grains.Videos;

/// <summary>Every media store key of a video is made here, from its id and names the server chose.</summary>
public static class MediaKeys
{
    public static string Prefix(Guid id) => $"videos/{id:N}/";
    public static string Source(Guid id) => $"videos/{id:N}/source";
    public static string Master(Guid id) => $"videos/{id:N}/hls/master.m3u8";
    public static string RenditionFile(Guid id, string rendition, string file) => $"videos/{id:N}/hls/{rendition}/{file}";
    public static string Thumbnail(Guid id, int index) => $"videos/{id:N}/thumbnails/{index}.jpg";
    public static string HlsPrefix(Guid id) => $"videos/{id:N}/hls/";
    public static string ThumbnailPrefix(Guid id) => $"videos/{id:N}/thumbnails/";

    /// <summary>Staged tus chunks, one object per acknowledged PATCH, named by the bytes they hold ([from, to)).</summary>
    public const string Uploads = "uploads/";
    public static string UploadPrefix(Guid id) => $"uploads/{id:N}/";
    public static string UploadChunk(Guid id, long from, long to) => $"uploads/{id:N}/{from:D15}-{to:D15}";
}
