using SocialFlow.Grains.Ads;

namespace SocialFlow.Grains.Tests.Ads;

/// <summary>
/// Pacing over a simulated UTC day with ten times more demand than budget: one request a second, each costing 1,000
/// milli-units, against a daily budget of 8,640,000 (an even pace serves one request in ten).
/// </summary>
public sealed class PacingTests
{
    private const long Daily = 8_640_000;
    private const long Cost = 1_000;
    private static readonly DateTimeOffset Midnight = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pacing_TenTimesTheDemand_SpreadsTheDailyBudgetOverEveryHour_AndSpendsNearlyAllOfIt()
    {
        var hourly = Simulate(new Pacing(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1)));

        var even = Daily / 24.0;
        Assert.True(hourly[0] <= even * 1.5, $"first hour took {hourly[0]} of an even {even}");
        Assert.All(hourly, h => Assert.InRange(h, even * 0.5, even * 1.5));
        Assert.InRange(hourly.Sum(), Daily * 0.95, Daily);
    }

    [Fact]
    public void Pacing_ThrottleAdapts_ServingAboutOneRequestInTenOfAHourOnceTheObservedRateIsKnown()
    {
        var pacing = new Pacing(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
        Simulate(pacing, hours: 2);

        Assert.InRange(pacing.Probability, 0.05, 0.2);
    }

    [Fact]
    public void Pacing_ABurstAtNoon_StopsAtTheCeiling_ThePartOfTheDayGoneByPlusTheLead()
    {
        const long dear = 5_000; // five times what the budget's pace can pay at one request a second
        var pacing = new Pacing(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
        var noon = Midnight.AddHours(12);
        long spent = 0;
        for (var s = 0; s < 3600; s++)
        {
            if (!pacing.Allows(noon.AddSeconds(s), Daily, spent, dear, draw: 0)) continue;
            spent += dear;
            pacing.Spent(dear);
        }

        Assert.InRange(spent, Daily * 13.5 / 24 - 2 * dear, Daily * 13.5 / 24);
    }

    private static double[] Simulate(Pacing pacing, int hours = 24)
    {
        var random = new Random(7);
        var hourly = new double[hours];
        long spent = 0;
        for (var s = 0; s < hours * 3600; s++)
        {
            if (!pacing.Allows(Midnight.AddSeconds(s), Daily, spent, Cost, random.NextDouble())) continue;
            spent += Cost;
            pacing.Spent(Cost);
            hourly[s / 3600] += Cost;
        }
        return hourly;
    }
}
