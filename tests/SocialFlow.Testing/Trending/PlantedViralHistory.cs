using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Trending.Viral;

namespace SocialFlow.Testing.Trending;

/// <summary>The size of a simulated history: days of items, items a day, authors.</summary>
public sealed record ViralHistoryShape(int Days, int ItemsPerDay, int Authors, int Seed = 14)
{
    public static ViralHistoryShape Small { get; } = new(10, 400, 300);
    public static ViralHistoryShape Full { get; } = new(30, 2_000, 5_000);
}

/// <summary>
/// A simulated history of items and their engagement, with a planted cause of virality. Authors' follower counts are
/// log-normal (median about 55, a long tail into the tens of thousands). Each item has a latent quality (normal, plus a
/// little of its author's appeal). In its first hour the author's followers (and a trickle of others) find it: views
/// scale with the audience, and likes, bookmarks and comments with quality; good items gather pace (more of the hour's
/// points in its last 15 minutes) and their comments read more positive. Over the day the followers' engagement goes
/// on at the first hour's pace, and discovery beyond them grows steeply with quality: so a minority of items, mostly of
/// high quality whatever their author's size, tops the day, while the first hour's raw counts mostly measure the
/// author's audience. Every draw has noise; fixed seed.
/// </summary>
public static class PlantedViralHistory
{
    public static List<ViralFacts> Generate(ViralHistoryShape shape, DateTimeOffset end)
    {
        var random = new Random(shape.Seed);
        var followers = Enumerable.Range(0, shape.Authors).Select(_ => (long)Math.Min(200_000, Math.Round(Math.Exp(4 + 1.8 * Normal(random))))).ToArray();
        var appeal = Enumerable.Range(0, shape.Authors).Select(_ => 0.3 * Normal(random)).ToArray();
        // Days start at UTC midnight, so that each simulated day is one cohort of the label (ViralLabels) whatever the time of the run.
        var start = new DateTimeOffset(end.UtcDateTime.Date, TimeSpan.Zero) - TimeSpan.FromDays(shape.Days + 1);
        var items = new List<ViralFacts>(shape.Days * shape.ItemsPerDay);
        for (var n = 0; n < shape.Days * shape.ItemsPerDay; n++)
        {
            var author = random.Next(shape.Authors);
            var created = start + TimeSpan.FromDays(n / shape.ItemsPerDay) + TimeSpan.FromMinutes(random.NextDouble() * 24 * 60);
            var kind = random.NextDouble() < 0.5 ? TrendingKind.Video : TrendingKind.Post;
            var quality = Normal(random) + appeal[author];
            items.Add(Item(random, new Guid(n + 1, 14, 0, new byte[8]), kind, created, followers[author], quality));
        }
        return items;
    }

    private static ViralFacts Item(Random random, Guid id, TrendingKind kind, DateTimeOffset created, long followers, double quality)
    {
        var views = Poisson(random, (followers + 20) * 0.1 * Math.Exp(0.4 * quality + 0.5 * Normal(random)));
        var taste = Math.Exp(0.6 * quality + 0.4 * Normal(random));
        var likes = Poisson(random, views * 0.08 * taste);
        var bookmarks = Poisson(random, views * 0.015 * taste);
        var comments = Poisson(random, views * 0.02 * Math.Exp(0.3 * quality));
        var actors = views + Poisson(random, 0.1 * (likes + bookmarks + comments));
        double? sentiment = comments == 0 ? null : Math.Tanh(0.4 * quality + 0.5 * Normal(random));
        var negative = sentiment is { } s ? Binomial(random, comments, 0.6 * (1 - s) / 2) : 0;
        var points = views + 3.0 * likes + 4.0 * bookmarks + 5.0 * comments;
        var lateShare = 1 / (1 + Math.Exp(-(-1.1 + 0.4 * quality + 0.3 * Normal(random))));
        var spread = 30 * Math.Exp(2.2 * quality + 0.7 * Normal(random));
        return new ViralFacts(id, kind, created, followers, views, likes, bookmarks, comments, actors, points * (1 - lateShare), points * lateShare,
            sentiment, negative, points * 2 + spread);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(random)));
        var (limit, k, p) = (Math.Exp(-mean), 0, 1.0);
        while ((p *= random.NextDouble()) > limit) k++;
        return k;
    }

    private static int Binomial(Random random, int n, double p)
    {
        var k = 0;
        for (var i = 0; i < n; i++) if (random.NextDouble() < p) k++;
        return k;
    }
}
