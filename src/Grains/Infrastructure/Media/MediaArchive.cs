using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>
/// The media store's objects as files under a directory, one file per key at the key's path: the layout of the local
/// store itself, so a backup holds the same files whatever the provider was, and restores into either.
/// Staged tus chunks are left out (an upload in progress is not restored; its client starts again).
/// </summary>
public static class MediaArchive
{
    /// <summary>Writes every object to <paramref name="directory"/>; the number of objects.</summary>
    public static async Task<int> ExportAsync(IMediaStore store, string directory, CancellationToken ct = default)
    {
        var root = Directory.CreateDirectory(directory).FullName;
        var count = 0;
        await foreach (var o in store.ListAsync("", ct))
        {
            if (o.Key.StartsWith(MediaKeys.Uploads, StringComparison.Ordinal)) continue;
            var path = Path.GetFullPath(Path.Combine(root, MediaKeyRules.Check(o.Key)));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new InvalidDataException($"'{o.Key}' leaves {root}.");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var source = await store.OpenReadAsync(o.Key, ct: ct))
            {
                if (source is null) continue; // deleted since it was listed
                await using var file = File.Create(path);
                await source.CopyToAsync(file, ct);
            }
            count++;
        }
        return count;
    }

    /// <summary>Puts every file under <paramref name="directory"/> in the store under its relative path; the number of files.</summary>
    public static async Task<int> ImportAsync(string directory, IMediaStore store, CancellationToken ct = default)
    {
        var root = Path.GetFullPath(directory);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            await store.PutFileAsync(key, file, ContentTypes.Of(file), ct);
            count++;
        }
        return count;
    }

    public static async Task<bool> IsEmptyAsync(IMediaStore store, CancellationToken ct = default)
    {
        await foreach (var _ in store.ListAsync("", ct)) return false;
        return true;
    }
}
