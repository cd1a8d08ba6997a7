using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Posts;

/// <summary>
/// The write to post_media that another domain makes in its own transaction: an ad creative (AdStore) takes an
/// uploaded image for good, so that no post attaches it and the unattached-image sweeper leaves it (migration 0126).
/// </summary>
public static class PostImageClaims
{
    /// <summary>False unless the image is the uploader's, not deleted, and neither in a post nor claimed before.</summary>
    public static async Task<bool> ClaimForCreativeAsync(Tx tx, Guid imageId, Guid uploaderId, Guid creativeId) => await tx.ExecuteAsync("""
        UPDATE post_media SET ad_creative_id = $3
        WHERE id = $1 AND uploader_id = $2 AND post_id IS NULL AND ad_creative_id IS NULL AND deleted_at IS NULL
        """, imageId, uploaderId, creativeId) == 1;
}
