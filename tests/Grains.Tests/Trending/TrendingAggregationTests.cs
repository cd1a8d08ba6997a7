using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Trending;

namespace SocialFlow.Grains.Tests.Trending;

/// <summary>The two levels without a cluster: silo tallies (level 1) flushing into a window's board (level 2), with a hand-moved clock.</summary>
public sealed class TrendingAggregationTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);

    private TrendingTally Tally() => new(Options.Create(new TrendingOptions { DistinctCapacity = 1_000 }), _clock);

    [Fact]
    public void TwoSilosPartials_FlushIntoOneWindowBoard_AsOneSum()
    {
        var (silo1, silo2) = (Tally(), Tally());
        var (hot, warm) = (Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 5; i++) silo1.Record(TrendingKind.Video, hot, Guid.NewGuid(), TrendingSignal.Like);
        for (var i = 0; i < 4; i++) silo2.RecordView(TrendingKind.Video, hot, $"a:viewer-{i:D16}");
        silo2.Record(TrendingKind.Video, warm, Guid.NewGuid(), TrendingSignal.Comment);

        var board = new TrendingBoard(TrendingWindow.Hour.HalfLife, 100);
        foreach (var silo in new[] { silo1, silo2 })
        {
            foreach (var d in silo.Take()["1h"]) board.Add(d.Kind, d.Id, d.Points, _clock.GetUtcNow());
        }

        var top = board.Top(TrendingKind.Video, 10, _clock.GetUtcNow());
        Assert.Equal([hot, warm], top.Select(c => c.Id));
        Assert.Equal(5 * 3 + 4, top[0].Score, 6);
        Assert.Equal(5, top[1].Score, 6);
        Assert.Empty(silo1.Take()); // taken: the next flush starts from nothing
    }

    [Fact]
    public void OneAccount_CountsOncePerItemSignalAndWindow_UntilThatWindowHasPassed()
    {
        var tally = Tally();
        var (item, account) = (Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 20; i++)
        {
            tally.Record(TrendingKind.Post, item, account, TrendingSignal.Like);
            tally.RecordView(TrendingKind.Post, item, "a:same-anonymous-viewer");
        }
        var first = tally.Take();
        Assert.All(TrendingWindow.All, w => Assert.Equal((1, 1), (first[w.Name].Single().Likes, first[w.Name].Single().Views)));

        _clock.Advance(TimeSpan.FromMinutes(61));
        tally.Record(TrendingKind.Post, item, account, TrendingSignal.Like);
        var later = tally.Take();
        Assert.Equal(["1h"], later.Keys); // counts again for the hour, not yet for the day or week
        Assert.Equal(1, later["1h"].Single().Likes);
    }

    [Fact]
    public void Scores_HalveEveryHalfLife_AQuarterOfTheWindow_SoShortWindowsForgetFirst()
    {
        var (item, now) = (Guid.NewGuid(), _clock.GetUtcNow());
        var boards = TrendingWindow.All.ToDictionary(w => w.Name, w => new TrendingBoard(w.HalfLife, 100));
        foreach (var b in boards.Values) b.Add(TrendingKind.Post, item, 16, now);

        var later = now + TimeSpan.FromHours(1);
        Assert.Equal(1, boards["1h"].ScoreOf(TrendingKind.Post, item, later), 6); // four half-lives of 15 minutes
        Assert.Equal(16 * Math.Pow(2, -1 / 6.0), boards["24h"].ScoreOf(TrendingKind.Post, item, later), 6);
        Assert.Equal(16 * Math.Pow(2, -1 / 42.0), boards["7d"].ScoreOf(TrendingKind.Post, item, later), 6);

        var fresh = Guid.NewGuid(); // two points now beat sixteen an hour ago in the hour's window, not in the week's
        foreach (var b in boards.Values) b.Add(TrendingKind.Post, fresh, 2, later);
        Assert.Equal(fresh, boards["1h"].Top(TrendingKind.Post, 1, later)[0].Id);
        Assert.Equal(item, boards["7d"].Top(TrendingKind.Post, 1, later)[0].Id);
    }

    [Fact]
    public void Board_IsBounded_PruningTheLowestScores()
    {
        var board = new TrendingBoard(TimeSpan.FromHours(1), 100);
        var now = _clock.GetUtcNow();
        var best = Guid.NewGuid();
        board.Add(TrendingKind.Video, best, 1_000, now);
        for (var i = 0; i < 1_000; i++) board.Add(TrendingKind.Video, Guid.NewGuid(), 1 + (i % 7), now);
        Assert.InRange(board.Count, 100, 125);
        Assert.Equal(best, board.Top(TrendingKind.Video, 1, now)[0].Id);
    }
}
