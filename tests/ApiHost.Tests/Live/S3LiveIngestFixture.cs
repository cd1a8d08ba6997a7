using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Live;

/// <summary>
/// The real ingest of <see cref="LiveIngestFixture"/> with an S3 media store (a fresh bucket on the tests' s3rver):
/// the encoding silo uploads live HLS as it is made and the API host serves it from the bucket. Rolling playlists of
/// 3 segments, so the live window's deletions come within seconds.
/// </summary>
public sealed class S3LiveIngestFixture : LiveIngestFixture
{
    public S3Fixture S3 { get; } = new();

    public const int PlaylistSegments = 3;

    protected override Dictionary<string, string?> HostSettings()
    {
        var settings = base.HostSettings();
        S3.Configure(settings);
        settings["SocialFlow:Live:PlaylistSegments"] = PlaylistSegments.ToString();
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}
