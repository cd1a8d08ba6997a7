using System.Net;
using System.Net.Http.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Tests.Engagement;

[Collection(EngagementCollection.Name)]
public sealed class ViewTests(EngagementFixture fx)
{
    private readonly HttpClient _api = fx.CreateClient();

    private async Task<bool> ViewAsync(Guid video, string? token = null, string? viewerHeader = null, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/videos/{video}/view");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        if (viewerHeader is not null) request.Headers.Add("X-Viewer-Id", viewerHeader);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiClientExtensions.Json);
        var response = await _api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("counted").GetBoolean();
    }

    private async Task<long> ViewCountAsync(Guid video) =>
        (await (await _api.GetAsync($"/api/v1/videos/{video}/counts")).ReadJsonAsync()).GetProperty("view_count").GetInt64();

    [Fact]
    public async Task View_RepeatedWithinTheWindow_CountsOnceThenAgainAfterIt()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);

        Assert.True(await ViewAsync(video, token, body: new { watch_seconds = 30 }));
        Assert.False(await ViewAsync(video, token, viewerHeader: Guid.NewGuid().ToString()));  // signed in: the user is the viewer
        var repeats = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ViewAsync(video, token)));
        Assert.DoesNotContain(true, repeats);
        Assert.Equal(1, await ViewCountAsync(video));

        await Task.Delay(EngagementFixture.ViewWindow + TimeSpan.FromMilliseconds(300));
        Assert.True(await ViewAsync(video, token));
        Assert.Equal(2, await ViewCountAsync(video));
        Assert.Equal(30, await fx.Database.ScalarAsync<long>("SELECT watch_seconds FROM content_counters WHERE content_id = $1", video));
    }

    [Fact]
    public async Task View_Anonymous_CountsByTheClientsViewerId()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        var (a, b) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString());

        Assert.True(await ViewAsync(video, viewerHeader: a));
        Assert.False(await ViewAsync(video, body: new { viewer_id = a }));
        Assert.True(await ViewAsync(video, body: new { viewer_id = b, watch_seconds = 5 }));
        Assert.Equal(2, await ViewCountAsync(video));
    }

    [Fact]
    public async Task View_AnonymousWithoutOrWithABadViewerId_IsRefused()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);

        await (await _api.PostAsync($"/api/v1/videos/{video}/view", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "viewer_id_required");
        using var bad = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/videos/{video}/view");
        bad.Headers.Add("X-Viewer-Id", "short");
        await (await _api.SendAsync(bad)).AssertProblemAsync(HttpStatusCode.BadRequest, "viewer_id_required");
        await (await _api.PostJsonAsync($"/api/v1/videos/{video}/view", new { viewer_id = "has spaces and is long enough" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _api.PostJsonAsync($"/api/v1/videos/{video}/view", new { viewer_id = Guid.NewGuid().ToString(), watch_seconds = -1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, await ViewCountAsync(video));
    }

    [Fact]
    public async Task View_PrivateVideoOrAPost_IsNotFound()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, stranger) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var hidden = await fx.Factory.ItemAsync(owner, visibility: Visibility.Private);
        var post = await fx.Factory.ItemAsync(owner, ContentKind.Post);

        await (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{hidden}/view", new { }, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PostJsonAsync($"/api/v1/videos/{hidden}/view", new { viewer_id = Guid.NewGuid().ToString() })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{post}/view", new { }, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await ViewAsync(hidden, ownerToken));
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT views FROM content_counters WHERE content_id = $1", hidden));
    }
}
