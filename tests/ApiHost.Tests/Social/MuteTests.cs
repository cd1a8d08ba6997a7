using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.ApiHost.Tests.Social;

[Collection(GraphCollection.Name)]
public sealed class MuteTests(GraphFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();
    private IGrainFactory Grains => fixture.Factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Mute_IsIdempotent_Listable_Reversible_AndAskableFromTheGraphGrain()
    {
        var users = await fixture.UsersAsync(3);
        var (a, b, c) = (users[0], users[1], users[2]);

        var first = await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{b.Username}/mute", a).OkJsonAsync();
        var second = await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{b.Username}/mute", a).OkJsonAsync();
        await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{c.Username}/mute", a).OkJsonAsync();

        Assert.Equal((true, true), (first.GetProperty("muted").GetBoolean(), first.GetProperty("changed").GetBoolean()));
        Assert.False(second.GetProperty("changed").GetBoolean());
        Assert.Equal([c.Username, b.Username], await _client.UsernamesAsync("/api/v1/users/me/mutes", a));
        var page = await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me/mutes?limit=1", a).OkJsonAsync();
        var rest = await _client.UsernamesAsync($"/api/v1/users/me/mutes?limit=1&cursor={page.GetProperty("next_cursor").GetString()}", a);
        Assert.Equal([b.Username], rest);
        Assert.True(page.GetProperty("items")[0].TryGetProperty("muted_at", out _));
        Assert.Empty(await _client.UsernamesAsync("/api/v1/users/me/mutes", b));
        Assert.True(await Grains.Ref<ISocialGraphGrain>(a.Id).MutesAsync(b.Id));
        Assert.False(await Grains.Ref<ISocialGraphGrain>(b.Id).MutesAsync(a.Id));
        Assert.Equal(new[] { b.Id, c.Id }.Order(), (await Grains.Ref<ISocialGraphGrain>(a.Id).GetMutedAsync()).Order());

        // Muting hides nothing here (feeds and notifications apply it): the muted account's posts still answer.
        var post = (await _client.CreatePostAsync(b.Token, "still here")).GetProperty("id").GetGuid();
        await _client.SendAsync(HttpMethod.Get, $"/api/v1/posts/{post}", a).OkJsonAsync();

        var unmuted = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{b.Username}/mute", a).OkJsonAsync();
        Assert.Equal((false, true), (unmuted.GetProperty("muted").GetBoolean(), unmuted.GetProperty("changed").GetBoolean()));
        Assert.False(await Grains.Ref<ISocialGraphGrain>(a.Id).MutesAsync(b.Id));
        Assert.Equal([c.Username], await _client.UsernamesAsync("/api/v1/users/me/mutes", a));
        Assert.Equal(["muted", "unmuted"], (await fixture.Database.ScalarAsync<string[]>("""
            SELECT array_agg(kind ORDER BY created_at) FROM outbox_events WHERE stream_namespace = 'graph' AND stream_key = $1 AND actor_id = $2
            """, b.Id, a.Id))!);
    }

    [Fact]
    public async Task BlocksAndMutes_ListsNeedAToken()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me/blocks", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me/mutes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, "/api/v1/follow-requests", null)).StatusCode);
    }
}
