using SocialFlow.Grains.Interfaces.Recommendations;

namespace SocialFlow.Grains.Recommendations;

/// <summary>
/// One item of a person's ranked list, kept compact: a list is one array of these, not 200 objects. Every list a ranking
/// makes outlives the next collection and is copied by it (a smaller part of the host's gen0 pauses than the new
/// activations, measured: see README "Recommendations").
/// </summary>
internal readonly record struct RankedItem(Guid Id, Guid AuthorId, long CreatedTicks, double Score, bool IsVideo, CandidateSource Source)
{
    public RecommendedItem ToRecommended() =>
        new(Id, IsVideo ? "video" : "post", AuthorId, new DateTimeOffset(CreatedTicks, TimeSpan.Zero), Score, Source);
}
