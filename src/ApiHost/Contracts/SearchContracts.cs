using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Contracts;

public sealed record SearchAuthorResponse(Guid Id, string Username);

/// <summary>One search result: `type` (post), its id, author, title (videos and live streams), the start of its text, tags, time and score.</summary>
public sealed record SearchHitResponse(
    SearchType Type, Guid Id, SearchAuthorResponse Author, string? Title, string Excerpt, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, double Score)
{
    public static SearchHitResponse From(SearchHit h) =>
        new(h.Type, h.Id, new SearchAuthorResponse(h.AuthorId, h.AuthorUsername), h.Title, h.Excerpt, h.Tags, h.CreatedAt, h.Score);
}
