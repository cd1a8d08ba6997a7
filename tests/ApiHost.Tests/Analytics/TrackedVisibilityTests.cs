using System.Net;
using System.Text.Json;
using SocialFlow.Grains.Interfaces.Engagement;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>Tracked events count only about items their sender may see; the others are answered as unknown items.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class TrackedVisibilityTests(AnalyticsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task EventsAboutFollowersOnlyAndPrivateVideos_FromAStrangerOrAnonymous_CountNothing_AndAreUnknownItems()
    {
        var (creator, followersOnly, hidden, _, _) = await SeedAsync();
        var (_, stranger) = await api.Factory.UserAsync(api.Database.ConnectionString);

        var signedIn = await _client.TrackOkAsync(stranger, View("view_start", followersOnly), View("view_start", hidden));
        var anonymous = await _client.TrackAnonymousAsync("viewer-analytics-hidden01", View("view_start", followersOnly), View("view_start", hidden));
        var nothing = await _client.TrackOkAsync(stranger, View("view_start", Guid.CreateVersion7()));

        Assert.Equal((0, 0, 2), Counts(signedIn));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal((0, 0, 2), Counts(await anonymous.ReadJsonAsync()));
        Assert.Equal((0, 0, 1), Counts(nothing)); // a hidden item is answered exactly as no item
        Assert.Equal(0, await api.RollupAsync("item", followersOnly, "day", "views"));
        Assert.Equal(0, await api.RollupAsync("item", hidden, "day", "views"));
        Assert.Equal(0, await api.RollupAsync("creator", creator, "day", "views"));
    }

    [Fact]
    public async Task EventsFromTheOwnerAndAFollower_Count_ByWhatEachMaySee()
    {
        var (creator, followersOnly, hidden, owner, follower) = await SeedAsync();

        var fromFollower = await _client.TrackOkAsync(follower, View("view_start", followersOnly), View("view_start", hidden));
        var fromOwner = await _client.TrackOkAsync(owner, View("view_start", followersOnly), View("view_start", hidden));

        Assert.Equal((1, 0, 1), Counts(fromFollower)); // followers-only yes, private no
        Assert.Equal((2, 0, 0), Counts(fromOwner));
        Assert.Equal(2, await api.RollupAsync("item", followersOnly, "day", "views"));
        Assert.Equal(1, await api.RollupAsync("item", hidden, "day", "views"));
        Assert.Equal(3, await api.RollupAsync("creator", creator, "day", "views"));
    }

    /// <summary>A creator with a followers-only and a private video, the creator's token, and a follower's.</summary>
    private async Task<(Guid Creator, Guid FollowersOnly, Guid Private, string Owner, string Follower)> SeedAsync()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var ((creator, name, owner), (_, _, follower)) = (users[0], users[1]);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{name}/follow", new { }, follower)).StatusCode);
        var followersOnly = await api.Factory.ItemAsync(creator, visibility: Visibility.Followers);
        var hidden = await api.Factory.ItemAsync(creator, visibility: Visibility.Private);
        return (creator, followersOnly, hidden, owner, follower);
    }

    private static (int Accepted, int Duplicates, int Unknown) Counts(JsonElement result) =>
        (result.GetProperty("accepted").GetInt32(), result.GetProperty("duplicates").GetInt32(), result.GetProperty("unknown_items").GetInt32());
}
