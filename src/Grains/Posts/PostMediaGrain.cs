using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Posts;

/// <summary>Sanitises and stores uploaded images and records their rows; attaching them is the post grain's job.</summary>
[StatelessWorker]
[Reentrant]
public sealed class PostMediaGrain(PostStore posts, ImageSanitizer sanitizer, IMediaStore store, TimeProvider clock) : Grain, IPostMediaGrain
{
    public async Task<ImageUploadResult> UploadAsync(Guid uploaderId, Immutable<byte[]> bytes)
    {
        var (status, image, detail) = await sanitizer.SanitiseAsync(bytes.Value);
        if (image is null) return new ImageUploadResult(status, null, detail);

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var key = PostImageKeys.New(id, now, image.Extension);
        try
        {
            await store.PutFileAsync(PostImageKeys.InStore(key), image.File, image.ContentType);
        }
        finally
        {
            File.Delete(image.File);
        }
        var record = new PostMediaRecord(id, uploaderId, null, image.ContentType, image.Width, image.Height, image.SizeBytes, key, now);
        try
        {
            await posts.InsertMediaAsync(record);
        }
        catch
        {
            await store.DeletePrefixAsync(PostImageKeys.InStore(key));
            throw;
        }
        return new ImageUploadResult(ImageUploadStatus.Ok, record, null);
    }

    public Task<PostMediaRecord?> FindAsync(Guid mediaId) => posts.FindMediaAsync(mediaId);
}
