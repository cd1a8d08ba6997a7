using SocialFlow.Grains.Interfaces.Recommendations;

namespace SocialFlow.Grains.Recommendations;

/// <summary>
/// One item of a person's ranked list, kept compact (48 bytes): a list is one array of these, not 100 objects, and the
/// ranked lists are the largest part of what a newly active person adds to the heap, which the next gen1 collection
/// copies (measured: see README "Recommendations"). The score keeps its four decimals in a float.
/// </summary>
internal readonly struct RankedItem(Guid id, Guid authorId, long createdTicks, double score, bool isVideo, CandidateSource source)
{
    // Declared widest first: the struct lays its fields out in this order.
    public Guid Id { get; } = id;
    public Guid AuthorId { get; } = authorId;
    public long CreatedTicks { get; } = createdTicks;
    private readonly float _score = (float)score;
    private readonly byte _source = (byte)source;
    public bool IsVideo { get; } = isVideo;

    public double Score => Math.Round(_score, 4);

    public CandidateSource Source => (CandidateSource)_source;

    /// <summary>A list's order: the higher score first, then the newer item, then by id.</summary>
    public static int BestFirst(RankedItem x, RankedItem y)
    {
        var order = y.Score.CompareTo(x.Score);
        if (order == 0) order = y.CreatedTicks.CompareTo(x.CreatedTicks);
        return order != 0 ? order : x.Id.CompareTo(y.Id);
    }

    public RecommendedItem ToRecommended() =>
        new(Id, IsVideo ? "video" : "post", AuthorId, new DateTimeOffset(CreatedTicks, TimeSpan.Zero), Score, Source);
}
