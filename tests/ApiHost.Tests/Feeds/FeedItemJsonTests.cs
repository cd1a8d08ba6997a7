using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.ApiHost.Tests.Feeds;

[Collection(ApiCollection.Name)]
public sealed class FeedItemJsonTests(ApiFixture api)
{
    private readonly FeedItemJson _json = new(api.Factory.Services.GetRequiredService<IOptions<JsonOptions>>());

    private static FeedCard Card(long likes, params PostImage[] media) => new(Guid.Parse("0194d5c4-0000-7000-8000-000000000001"), FeedItemKind.Post,
        Guid.Parse("0194d5c4-0000-7000-8000-000000000002"), "alice", DateTimeOffset.UnixEpoch, "public", "hello", null, null, media, likes, 0, 0, 0);

    [Fact]
    public void SameCard_ReusesItsJson_EvenWhenItCrossedTheWire_ButAChangedCardIsSerializedAgain()
    {
        var image = new PostImage(Guid.NewGuid(), "image/png", 4, 3);
        var first = _json.Of(Card(1, image));
        Assert.Same(first, _json.Of(Card(1, image))); // a new image list with the same images, as after deserialization

        var changed = _json.Of(Card(2, image));
        Assert.NotSame(first, changed);
        using var doc = JsonDocument.Parse(changed);
        Assert.Equal(2, doc.RootElement.GetProperty("like_count").GetInt64());
        Assert.Equal("post", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal("alice", doc.RootElement.GetProperty("author").GetProperty("username").GetString());
        Assert.NotSame(changed, _json.Of(Card(2, image, image)));
    }
}
