namespace SocialFlow.ApiHost.Tests.Trending;

[CollectionDefinition(Name)]
public sealed class ViralCollection : ICollectionFixture<ViralFixture>
{
    public const string Name = "viral";
}

/// <summary>
/// The viral profile: its own database (a published viral model changes `/ml/trending` for everyone, and the trending
/// profile checks the answer with no model), trending's fast settings, and every scored item a riser (threshold 0): the
/// model's quality is the Grains tests' business; here what matters is where its risers go and what filters them.
/// </summary>
public sealed class ViralFixture : ApiFixture
{
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Trending:FlushInterval"] = "00:00:00.100",
        ["SocialFlow:Trending:CandidatesTtl"] = "00:00:00",
        ["SocialFlow:Viral:MinProbability"] = "0",
    };
}
