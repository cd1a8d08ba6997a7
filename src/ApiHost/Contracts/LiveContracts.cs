using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Content;
using SocialFlow.Grains.Interfaces.Live;

namespace SocialFlow.ApiHost.Contracts;

public sealed record CreateLiveStreamRequest(string? Title, string? Description, string? Visibility, bool? Record) : IValidatable
{
    public const int MaxTitle = 200, MaxDescription = 5000;
    public static readonly string[] Visibilities = ["public", "unlisted", "private"];

    public void Validate(FieldErrors errors)
    {
        errors.Required("title", Title, MaxTitle);
        errors.MaxLength("description", Description, MaxDescription);
        if (Visibility is not null) errors.OneOf("visibility", Visibility, Visibilities);
    }

    public LiveStreamDraft ToDraft() =>
        new(Title!.Trim(), Description, Enum.Parse<Visibility>(Visibility ?? "public", ignoreCase: true), Record ?? false);
}

public sealed record LiveStreamResponse(
    Guid Id, Guid OwnerId, string Title, string? Description, string Visibility, bool Record, string State,
    int PeakViewers, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int CurrentViewers = 0)
{
    public static LiveStreamResponse From(LiveStreamView s) => new(s.Id, s.OwnerId, s.Title, s.Description,
        s.Visibility.ToString().ToLowerInvariant(), s.Record, s.State.ToString().ToLowerInvariant(), s.PeakViewers, s.CreatedAt, s.StartedAt, s.EndedAt);
}

/// <summary>The key and the RTMP URL to publish to: `{rtmp_url}/{stream_key}` (OBS: server and stream key).</summary>
public sealed record LiveStreamCreatedResponse(Guid Id, string StreamKey, string RtmpUrl, LiveStreamResponse Stream);

public sealed record StreamKeyResponse(string StreamKey, string RtmpUrl);
