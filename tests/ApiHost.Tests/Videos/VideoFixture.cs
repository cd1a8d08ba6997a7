using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Videos;

[CollectionDefinition(Name)]
public sealed class VideoCollection : ICollectionFixture<VideoFixture>
{
    public const string Name = "videos";
}

/// <summary>
/// The video profile: a local media store in the fixture's directory, on real sockets (Kestrel) so that a test can drop a
/// connection mid-upload. Limits are small so they can be reached: 16 MiB per video, 20 MiB per user.
/// The ladder 144,240,360 over a 320x240 clip must give 144p and 240p.
/// </summary>
public sealed class VideoFixture : ApiFixture
{
    public const long MaxBytes = 16 * 1024 * 1024, QuotaBytes = 20 * 1024 * 1024;

    public string MediaDirectory => Path.Combine(DataDirectory, "media");

    public static Dictionary<string, string?> Settings(string dataDirectory) => new()
    {
        ["SocialFlow:DataDirectory"] = dataDirectory,
        ["SocialFlow:Videos:MaxUploadBytes"] = MaxBytes.ToString(),
        ["SocialFlow:Videos:QuotaBytesPerUser"] = QuotaBytes.ToString(),
        ["SocialFlow:Videos:LadderHeights"] = "144,240,360",
        ["SocialFlow:Videos:SegmentSeconds"] = "1",
        ["SocialFlow:Videos:ThumbnailCount"] = "2",
        ["SocialFlow:Videos:JobPollInterval"] = "00:00:00.250",
        ["SocialFlow:RateLimits:PerUserPerSecond"] = "1000",
        ["SocialFlow:RateLimits:PerUserBurst"] = "5000",
    };

    protected override Dictionary<string, string?> HostSettings() => Settings(DataDirectory);

    protected override bool RealSockets => true;

    /// <summary>A fresh user's video, uploaded and transcoded (asserted ready).</summary>
    public async Task<(Guid Id, JsonElement Video)> ReadyVideoAsync(HttpClient client, string token, string visibility = "public")
    {
        var clip = await TestClips.Mp4320x240Async();
        var (id, url) = await client.CreateAsync(token, clip.Length, visibility);
        await client.UploadAsync(token, url, clip, chunk: clip.Length);
        var video = await client.WaitUntilSettledAsync(token, id);
        Assert.True(video.GetProperty("status").GetString() == "ready", $"not ready: {video}");
        return (id, video);
    }
}
