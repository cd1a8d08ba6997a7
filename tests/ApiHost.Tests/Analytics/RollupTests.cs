using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>What was tracked and what the server did (likes, comments, follows, payments) equals the rollups and the dashboard.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class RollupTests(AnalyticsFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task TrackedViews_RollUpPerItemHourAndDay_PerCreator_AndShowOnTheDashboard()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        var other = await api.Factory.ItemAsync(creator);
        var (_, viewer) = await api.Factory.UserAsync(api.Database.ConnectionString);
        await _client.TrackOkAsync(viewer,
            View("view_start", video, source: "search"), View("view_progress", video, seconds: 40), View("view_end", video, seconds: 5, position: 55),
            new { client_event_id = Guid.NewGuid().ToString("N"), type = "share", item_id = video, occurred_at = DateTimeOffset.UtcNow },
            new { client_event_id = Guid.NewGuid().ToString("N"), type = "profile_visit", profile_id = creator, occurred_at = DateTimeOffset.UtcNow });
        await _client.TrackAnonymousAsync("viewer-analytics-rollup1",
            View("view_start", video), View("view_end", video, seconds: 15, position: 100), View("view_start", other));

        foreach (var period in new[] { "hour", "day" })
        {
            Assert.Equal(2, await api.RollupAsync("item", video, period, "views"));
            Assert.Equal(60, await api.RollupAsync("item", video, period, "watch_seconds"));
        }
        Assert.Equal(2, await api.RollupAsync("item", video, "day", "retention_50")); // both views reached half way
        Assert.Equal(1, await api.RollupAsync("item", video, "day", "retention_60")); // one of them further
        Assert.Equal(2, await api.UniquesAsync("item", video, "viewers"));
        Assert.Equal(3, await api.RollupAsync("creator", creator, "day", "views"));

        var dashboard = await _client.DashboardAsync(token, "days=7");
        var totals = dashboard.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("views").GetInt64());
        Assert.Equal(2, totals.GetProperty("unique_viewers").GetInt64());
        Assert.Equal(60, totals.GetProperty("watch_seconds").GetInt64());
        Assert.Equal(20.0, totals.GetProperty("average_view_seconds").GetDouble());
        Assert.Equal(1, totals.GetProperty("shares").GetInt64());
        Assert.Equal(1, totals.GetProperty("profile_visits").GetInt64());
        Assert.Equal(7, dashboard.GetProperty("series").GetArrayLength());
        Assert.Equal(3, dashboard.GetProperty("series")[6].GetProperty("views").GetInt64()); // today is the last day
        Assert.Equal(1, dashboard.GetProperty("traffic_sources").GetProperty("search").GetInt64());
        Assert.Equal(2, dashboard.GetProperty("traffic_sources").GetProperty("direct").GetInt64());
        var top = dashboard.GetProperty("top_items");
        Assert.Equal((video, 2L), (top[0].GetProperty("item_id").GetGuid(), top[0].GetProperty("views").GetInt64()));
        Assert.Equal(other, top[1].GetProperty("item_id").GetGuid());
    }

    [Fact]
    public async Task LikesCommentsAndFollows_FromTheServersOwnFacts_ReachTheCreatorsRollups()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var (creator, creatorName, creatorToken) = users[0];
        var fan = users[1];
        var post = (await _client.CreatePostAsync(creatorToken, "analytics post")).GetProperty("id").GetGuid();
        await api.Grains.Ref<IContentGrain>(post).LikeAsync(fan.Id);
        await _client.CommentAsync(fan.Token, $"/api/v1/posts/{post}", "nice");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{creatorName}/follow", new { }, fan.Token)).StatusCode);

        var totals = await Eventually.ValueAsync(async () => (await _client.DashboardAsync(creatorToken, "days=7&metrics=likes,comments,followers_gained")).GetProperty("totals"),
            t => t.GetProperty("likes").GetInt64() == 1 && t.GetProperty("comments").GetInt64() == 1 && t.GetProperty("followers_gained").GetInt64() == 1, Within);
        Assert.Equal(3, totals.EnumerateObject().Count()); // only the metrics asked for
        Assert.Equal(1, await api.RollupAsync("item", post, "hour", "likes"));
        Assert.Equal(1, await api.RollupAsync("item", post, "day", "comments"));
    }

    [Fact]
    public async Task PaidEvents_AreTheCreatorsRevenue_CountedOnceHoweverOftenDelivered()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        var (buyer, _) = await api.Factory.UserAsync(api.Database.ConnectionString);
        var handler = api.Factory.Services.GetServices<IDomainEventHandler>().Single(h => h.Namespace == EventStreams.Payments && h.GetType().Namespace!.EndsWith(".Analytics", StringComparison.Ordinal));
        var paid = new DomainEvent(Guid.NewGuid(), 1, EventKinds.Payments.Paid, Guid.NewGuid(), buyer, DateTimeOffset.UtcNow,
            $$"""{"payment_id":"{{Guid.NewGuid()}}","payment_kind":"video_purchase","buyer_id":"{{buyer}}","recipient_id":"{{creator}}","target_id":"{{video}}","amount":499,"currency":"usd"}""");

        await handler.HandleAsync(paid);
        await handler.HandleAsync(paid); // at-least-once delivery

        var revenue = (await _client.DashboardAsync(token, "days=7&metrics=revenue")).GetProperty("totals").GetProperty("revenue");
        Assert.Equal(499, revenue.GetProperty("usd").GetInt64());
        Assert.Equal(499, await api.RollupAsync("item", video, "day", "revenue:usd"));
    }
}
