using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Trending.Viral;
using SocialFlow.Testing.Trending;

namespace SocialFlow.ApiHost.Tests.Trending;

/// <summary>`GET /ml/trending` with a viral model: its predicted risers, their probability, and what never rises.</summary>
[Collection(ViralCollection.Name)]
public sealed class ViralTrendingTests(ViralFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task PredictedRiser_AppearsInMlTrending_AndHeldRemovedPrivateOrBlockedItemsNever()
    {
        await PublishModelAsync();
        var (_, a) = await _client.SignUpAsync();
        var (blockedAuthor, b) = await _client.SignUpAsync();
        var (viewer, v) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(viewer.Id).BlockAsync(blockedAuthor.Id);
        var riser = await PostAsync(a.AccessToken);
        var held = await PostAsync(a.AccessToken);
        var removed = await PostAsync(a.AccessToken);
        var hidden = await PostAsync(a.AccessToken, "private");
        var byBlocked = await PostAsync(b.AccessToken);
        var moderator = ContentModerationApi.Moderator(Guid.NewGuid());
        await api.Grains.Ref<IPostGrain>(held).ModerateAsync(ContentAction.Hold, moderator, "review");
        await api.Grains.Ref<IPostGrain>(removed).ModerateAsync(ContentAction.Remove, moderator, "spam");
        Guid[] all = [riser, held, removed, hidden, byBlocked];
        // 70 minutes old, with 25 likes 30 minutes into their first hour, written as the history would hold them (not
        // through the like path, so that plain trending has not seen them: anything in /ml/trending came from the model).
        await api.Database.ExecuteAsync("UPDATE content SET created_at = now() - interval '70 minutes' WHERE id = ANY($1)", all);
        await api.Database.ExecuteAsync("""
            INSERT INTO likes (content_id, user_id, created_at)
            SELECT i, gen_random_uuid(), now() - interval '40 minutes' FROM unnest($1::uuid[]) i, generate_series(1, 25)
            """, all);

        var scored = await api.Grains.Ref<IViralGrain>(0).PredictAsync();

        Assert.True(scored >= all.Length, $"scored {scored}");
        var now = DateTimeOffset.UtcNow;
        var facts = await api.Factory.Services.GetRequiredService<ViralFactsReadModel>()
            .ReadAsync(now.AddHours(-2), now.AddHours(-1), 1_000, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var riserFacts = facts.Single(f => f.Id == riser);
        Assert.Equal((25, 25, 75.0, 0.0, TrendingKind.Post), (riserFacts.Likes, riserFacts.Actors, riserFacts.EarlyPoints, riserFacts.LatePoints, riserFacts.Kind));
        var items = await MlTrendingAsync(v.AccessToken);
        var shown = items.Single(i => i.GetProperty("id").GetGuid() == riser);
        Assert.True(shown.GetProperty("predicted").GetBoolean());
        Assert.InRange(shown.GetProperty("probability").GetDouble(), 0, 1);
        var ids = items.Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.DoesNotContain(held, ids);
        Assert.DoesNotContain(removed, ids);
        Assert.DoesNotContain(hidden, ids);
        Assert.DoesNotContain(byBlocked, ids);
        Assert.Contains(byBlocked, (await MlTrendingAsync(null)).Select(i => i.GetProperty("id").GetGuid())); // blocked for that viewer only
        Assert.DoesNotContain(riser, await _client.TrendingIdsAsync("posts", v.AccessToken)); // plain trending: engagement only
    }

    [Fact]
    public async Task HistoryFacts_CountTheFirstHour_AndTheDaysPointsForTheLabel()
    {
        var (_, a) = await _client.SignUpAsync();
        var item = await PostAsync(a.AccessToken);
        await api.Database.ExecuteAsync("UPDATE content SET created_at = now() - interval '30 hours' WHERE id = $1", item);
        await api.Database.ExecuteAsync("""
            INSERT INTO likes (content_id, user_id, created_at)
            SELECT $1, gen_random_uuid(), c.created_at + offsets.at
            FROM content c, (VALUES (interval '10 minutes'), (interval '50 minutes'), (interval '50 minutes'), (interval '3 hours'), (interval '25 hours')) offsets(at)
            WHERE c.id = $1
            """, item);

        var now = DateTimeOffset.UtcNow;
        var facts = (await api.Factory.Services.GetRequiredService<ViralFactsReadModel>()
            .ReadAsync(now.AddHours(-31), now.AddHours(-29), 1_000, TimeSpan.FromHours(1), TimeSpan.FromHours(24))).Single(f => f.Id == item);

        Assert.Equal(3, facts.Likes); // the first hour's; the one after 3 h counts toward the day, the one after 25 h toward nothing
        Assert.Equal((3.0, 6.0), (facts.EarlyPoints, facts.LatePoints)); // one like in the first 45 min, two in the last 15
        Assert.Equal(12.0, facts.HorizonPoints);
    }

    private async Task PublishModelAsync()
    {
        var history = PlantedViralHistory.Generate(ViralHistoryShape.Small with { Days = 4 }, DateTimeOffset.UtcNow);
        var model = ViralTrainer.Train(ViralTrainer.SplitByTime(history, top: 10), trees: 30);
        await api.Factory.Services.GetRequiredService<ViralStore>().PublishAsync(model, DateTimeOffset.UtcNow, null);
    }

    private async Task<List<JsonElement>> MlTrendingAsync(string? bearer)
    {
        var body = await _client.OkJsonAsync("/api/v1/ml/trending?type=post&window=1h&limit=100", bearer);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    private async Task<Guid> PostAsync(string token, string visibility = "public") =>
        (await _client.CreatePostAsync(token, "rising " + Guid.NewGuid().ToString("N")[..8], visibility)).GetProperty("id").GetGuid();
}
