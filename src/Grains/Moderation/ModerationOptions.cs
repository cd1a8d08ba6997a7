using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Moderation;

/// <summary>SocialFlow:Moderation.</summary>
public sealed class ModerationOptions
{
    public const string Section = "SocialFlow:Moderation";

    /// <summary>How old a silo's copy of the watched words may get before it reads them again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WatchedWordsRefresh { get; set; } = TimeSpan.FromSeconds(5);
}
