namespace SocialFlow.ApiHost.Tests.Engagement;

[CollectionDefinition(Name)]
public sealed class EngagementCollection : ICollectionFixture<EngagementFixture>
{
    public const string Name = "engagement";
}

/// <summary>The engagement profile: a 2 s view window so its expiry can be tested, and counters pushed every 100 ms.</summary>
public sealed class EngagementFixture : ApiFixture
{
    public static readonly TimeSpan ViewWindow = TimeSpan.FromSeconds(2);

    public static Dictionary<string, string?> Settings => new()
    {
        ["SocialFlow:Engagement:ViewWindow"] = ViewWindow.ToString(),
        ["SocialFlow:Engagement:PushInterval"] = "00:00:00.100",
    };

    protected override Dictionary<string, string?> HostSettings() => Settings;
}
