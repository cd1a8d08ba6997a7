using System.Text.Json;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>Reads the fields of an event's snake_case JSON payload; a missing or null field reads as null.</summary>
public readonly struct EventPayload(JsonElement root)
{
    public static EventPayload Parse(string json) => new(JsonDocument.Parse(json).RootElement.Clone());

    public Guid? Id(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetGuid(out var g) ? g : null;

    /// <summary>The raw JSON of a field (an array or object), or null.</summary>
    public string? Raw(string name) => root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetRawText() : null;

    public long? Number(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public IReadOnlyList<Guid> Ids(string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String && e.TryGetGuid(out _)).Select(e => e.GetGuid())]
            : [];
}
