using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Videos;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>The hd_renditions perk of the Premium plan: the 720p rendition (SocialFlow:Videos:HdFromHeight) is left out
/// of others' master playlists and refused as premium_required; the owner and Premium subscribers play it.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class HdRenditionsTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task HdRendition_OnlyForPremiumAndTheOwner_OthersGetTheLadderBelow()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (owner, free, premium) = (users[0], users[1], users[2]);
        var video = await TwoRenditionVideoAsync(owner.Id);
        await _client.SubscribedAsync(premium.Token, PlanIds.Of("premium"), "pm_card_visa");

        foreach (var token in new[] { null, free.Token })
        {
            var (master, cache) = await MasterAsync(video, token);
            Assert.Contains("240p/index.m3u8", master);
            Assert.DoesNotContain("720p", master);
            Assert.Equal(HttpStatusCode.OK, await SegmentAsync(video, "240p", token));
            using var refused = await GetAsync($"/api/v1/videos/{video}/stream/720p/seg_0001.ts", token);
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "premium_required");
            Assert.Equal("hd_renditions", problem.GetProperty("perk").GetString());
            Assert.True(cache.Public && !cache.Private);
        }
        foreach (var token in new[] { owner.Token, premium.Token })
        {
            var (master, cache) = await MasterAsync(video, token);
            Assert.Contains("720p/index.m3u8", master);
            Assert.Equal(HttpStatusCode.OK, await SegmentAsync(video, "720p", token));
            Assert.True(cache.Private && !cache.Public);
        }
    }

    /// <summary>A ready video with a 240p and a 720p rendition, its master playlist naming both, and a segment of each.</summary>
    private async Task<Guid> TwoRenditionVideoAsync(Guid owner)
    {
        var id = await api.Grains.RecordedAsync(owner, new NewVideo("two heights", "", [], VideoVisibility.Public, 1000),
            new ProcessedMedia(2, 1280, 720, [new Rendition("240p", 426, 240, 400), new Rendition("720p", 1280, 720, 2500)], 1));
        var media = api.Factory.Services.GetRequiredService<IMediaStore>();
        var master = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=440000,RESOLUTION=426x240\n240p/index.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=2750000,RESOLUTION=1280x720\n720p/index.m3u8\n";
        await media.PutAsync(MediaKeys.Master(id), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(master)), "application/vnd.apple.mpegurl");
        foreach (var rendition in new[] { "240p", "720p" })
        {
            await media.PutAsync(MediaKeys.RenditionFile(id, rendition, "seg_0001.ts"), new MemoryStream(new byte[188]), "video/mp2t");
        }
        return id;
    }

    private async Task<(string Master, System.Net.Http.Headers.CacheControlHeaderValue Cache)> MasterAsync(Guid video, string? token)
    {
        using var response = await GetAsync($"/api/v1/videos/{video}/stream/master.m3u8", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Headers.CacheControl!);
    }

    private async Task<HttpStatusCode> SegmentAsync(Guid video, string rendition, string? token)
    {
        using var response = await GetAsync($"/api/v1/videos/{video}/stream/{rendition}/seg_0001.ts", token);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return await _client.SendAsync(request);
    }
}
