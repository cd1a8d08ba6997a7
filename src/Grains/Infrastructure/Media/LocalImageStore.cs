using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>
/// Post images on the local disk under keys the server makes ("{yyyy}/{MM}/{id}.{ext}"). Kept to three calls so it
/// can move behind the shared media store interface (local or S3) without touching its callers.
/// </summary>
public sealed class LocalImageStore(IOptions<PostImageOptions> options)
{
    private readonly string _root = Path.GetFullPath(options.Value.Directory!);

    /// <summary>Moves a finished file into the store (same volume: a rename, so readers never see half a file).</summary>
    public async Task SaveAsync(string key, string sourceFile)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Move(sourceFile, path, overwrite: true);
        }
        catch (IOException)
        {
            await using (var from = File.OpenRead(sourceFile))
            await using (var to = File.Create(path))
            {
                await from.CopyToAsync(to);
            }
            File.Delete(sourceFile);
        }
    }

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true) : null;
    }

    public void Delete(string key)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>A scratch directory on the store's volume, for uploads being sanitised.</summary>
    public string ScratchDirectory()
    {
        var dir = Path.Combine(_root, ".scratch");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new ArgumentException("The key leaves the store.", nameof(key));
        return path;
    }
}
