namespace SocialFlow.Grains.Posts;

/// <summary>
/// Post images' keys. A media record holds "{yyyy}/{MM}/{id}.{ext}"; the media store keeps the file under
/// "post-images/" + that, which on the local store is the same path the images always had
/// ({DataDirectory}/media/post-images/...), so stored images need no migration.
/// </summary>
public static class PostImageKeys
{
    public static string New(Guid id, DateTimeOffset now, string extension) => $"{now:yyyy}/{now:MM}/{id:N}.{extension}";

    public static string InStore(string storageKey) => "post-images/" + storageKey;
}
