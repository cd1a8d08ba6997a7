using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Notifications;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Tests.Recommendations;

/// <summary>What `GET /feed/for-you` never shows: the viewer's own items, items of accounts they block, are blocked by or
/// mute, of limited accounts, private or removed items, what they liked, bookmarked or viewed; and never a third item of
/// one author in a row.</summary>
[Collection(ApiCollection.Name)]
public sealed class ForYouExclusionTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();
    private IGrainFactory Grains => api.Factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task ForYou_FollowedAuthors_ShowsTheirPublicItems_AndNothingExcluded()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 6);
        var (viewer, friend, blocked, blocker, muted, limited) = (users[0], users[1], users[2], users[3], users[4], users[5]);
        foreach (var u in users.Skip(1)) await _client.FollowAsync(viewer.Token, u.Username);
        var shown = new[] { await api.Factory.ItemAsync(friend.Id), await api.Factory.ItemAsync(friend.Id, ContentKind.Post) };
        var liked = await api.Factory.ItemAsync(friend.Id);
        var viewed = await api.Factory.ItemAsync(friend.Id);
        var bookmarked = await api.Factory.ItemAsync(friend.Id);
        var removed = await api.Factory.ItemAsync(friend.Id);
        List<Guid> hidden =
        [
            await api.Factory.ItemAsync(viewer.Id), await api.Factory.ItemAsync(friend.Id, visibility: Visibility.Private), removed, liked, viewed, bookmarked,
            await api.Factory.ItemAsync(blocked.Id), await api.Factory.ItemAsync(blocker.Id), await api.Factory.ItemAsync(muted.Id), await api.Factory.ItemAsync(limited.Id),
        ];
        await Grains.Ref<IContentGrain>(removed).RemoveAsync();
        await _client.LikeAsync(liked, viewer.Token);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{viewed}/view", new { watch_seconds = 3 }, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{bookmarked}", null, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{blocked.Username}/block", null, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{viewer.Username}/block", null, blocker.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{muted.Username}/mute", null, viewer.Token)).StatusCode);
        await api.Database.ExecuteAsync("UPDATE accounts SET limited_until = now() + interval '1 day' WHERE id = $1", limited.Id);

        var page = (await _client.AllForYouAsync(viewer.Token)).Select(i => i.Id()).ToList();

        Assert.All(shown, id => Assert.Contains(id, page));
        Assert.All(hidden, id => Assert.DoesNotContain(id, page));
    }

    [Fact]
    public async Task ForYou_BlockAfterRanking_LeavesTheAuthorOutOfTheNextPage()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var (viewer, author) = (users[0], users[1]);
        await _client.FollowAsync(viewer.Token, author.Username);
        var items = new[] { await api.Factory.ItemAsync(author.Id), await api.Factory.ItemAsync(author.Id), await api.Factory.ItemAsync(author.Id) };
        var (_, cursor) = await _client.ForYouPageAsync(viewer.Token, 1, null);

        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{author.Username}/block", null, viewer.Token)).StatusCode);
        var next = (await _client.AllForYouAsync(viewer.Token, cursor)).Select(i => i.Id()).ToList();

        Assert.All(items, id => Assert.DoesNotContain(id, next));
    }

    [Fact]
    public async Task ForYou_OneAuthorsManyItems_NeverThreeInARow_AndNeverTwiceAcrossASessionsPages()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (viewer, prolific, other) = (users[0], users[1], users[2]);
        await _client.FollowAsync(viewer.Token, prolific.Username);
        await _client.FollowAsync(viewer.Token, other.Username);
        for (var i = 0; i < 8; i++) await api.Factory.ItemAsync(prolific.Id);
        for (var i = 0; i < 3; i++) await api.Factory.ItemAsync(other.Id);

        var all = new List<System.Text.Json.JsonElement>();
        string? cursor = null;
        for (var p = 0; p < 6; p++)
        {
            var (items, next) = await _client.ForYouPageAsync(viewer.Token, 5, cursor);
            all.AddRange(items);
            if ((cursor = next) is null) break;
        }

        Assert.Contains(all, i => i.Author() == prolific.Id);
        for (var k = 2; k < all.Count; k++)
        {
            Assert.False(all[k].Author() == all[k - 1].Author() && all[k].Author() == all[k - 2].Author(), $"three in a row from {all[k].Author()} at {k}");
        }
        Assert.Equal(all.Count, all.Select(i => i.Id()).Distinct().Count());
    }
}
