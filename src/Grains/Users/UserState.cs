using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

[GenerateSerializer, Alias("user-state-v1")]
public sealed class UserState
{
    [Id(0)] public bool Initialized { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string? Bio { get; set; }
    [Id(3)] public string? AvatarUrl { get; set; }
    [Id(4)] public List<string> Links { get; set; } = [];
    [Id(5)] public string? Locale { get; set; }
    [Id(6)] public UserPreferences Preferences { get; set; } = UserPreferences.Default;
    [Id(7)] public UserCounts Counts { get; set; } = UserCounts.Zero;
}
