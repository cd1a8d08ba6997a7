using System.Text.Json.Serialization;

namespace SocialFlow.Grains.Search.Elasticsearch;

/// <summary>
/// An item's document in the Elasticsearch index (<see cref="ElasticMapping"/> lists its fields and how each is
/// indexed). Names are spelled out, so the JSON is the same whatever the client's serializer defaults. Views and likes
/// are the counts when the document was last written (an edit, moderation, a rebuild): likes and views write no events.
/// </summary>
public sealed class ElasticDocument
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("owner_id")] public required string OwnerId { get; init; }
    [JsonPropertyName("username")] public required string Username { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("body")] public required string Body { get; init; }
    [JsonPropertyName("tags")] public required IReadOnlyList<string> Tags { get; init; }
    [JsonPropertyName("visibility")] public required string Visibility { get; init; }
    [JsonPropertyName("hidden")] public bool Hidden { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("duration_seconds")] public double? DurationSeconds { get; init; }
    [JsonPropertyName("views")] public long Views { get; init; }
    [JsonPropertyName("likes")] public long Likes { get; init; }

    public static ElasticDocument Of(SearchDocument d, (long Views, long Likes) counts) => new()
    {
        Id = d.Id.ToString(), Kind = d.Kind, OwnerId = d.OwnerId.ToString(), Username = d.OwnerUsername, Title = d.Title, Body = d.Body,
        Tags = d.Tags, Visibility = d.Visibility, Hidden = d.Hidden, CreatedAt = d.CreatedAt.ToUniversalTime(),
        DurationSeconds = d.DurationSeconds, Views = counts.Views, Likes = counts.Likes,
    };
}
