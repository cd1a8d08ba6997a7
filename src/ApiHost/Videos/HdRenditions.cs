using System.Text;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// The hd_renditions perk of platform plans: which viewers may play a video's HD renditions, and the master playlist the
/// others get (the same, without the HD variants, so their players never pick one).
/// </summary>
public static class HdRenditions
{
    /// <summary>The video's owner, or a viewer whose platform plan has the perk (asked of their subscriber grain each
    /// time: a subscription that a webhook just applied counts at once). Anonymous viewers have none.</summary>
    public static async Task<bool> AllowedAsync(IGrainFactory grains, PlaybackInfo play, Guid? viewerId) => play.ViewerOwns ||
        (viewerId is { } viewer && (await grains.Ref<ISubscriberGrain>(viewer).PlatformPerksAsync()).Contains(PlanPerks.HdRenditions));

    /// <summary>The master playlist without the variants of <paramref name="hd"/>; null when the file is missing.</summary>
    public static async Task<string?> StandardMasterAsync(IMediaFiles media, Guid videoId, IReadOnlyList<string> hd, CancellationToken ct)
    {
        await using var stream = await media.OpenReadAsync(new MediaFile.VideoMaster(videoId), ct: ct);
        if (stream is null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Without(await reader.ReadToEndAsync(ct), hd);
    }

    /// <summary>Drops each variant (its #EXT-X-STREAM-INF line and the URI line after it) whose URI is in an HD rendition.</summary>
    public static string Without(string master, IReadOnlyList<string> hd)
    {
        var lines = master.Split('\n');
        var kept = new StringBuilder(master.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal) && i + 1 < lines.Length
                && hd.Any(r => lines[i + 1].StartsWith(r + "/", StringComparison.Ordinal)))
            {
                i++;
                continue;
            }
            kept.Append(lines[i]);
            if (i < lines.Length - 1) kept.Append('\n');
        }
        return kept.ToString();
    }
}
