using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>The candidates' statement over a test database, and trending candidates as the trending reader gives them.</summary>
internal static class CandidateReads
{
    public static RecommendationCandidatesReadModel Over(TestDatabase db) => new(db.DataSource,
        new CandidateFeaturesReadModel(db.DataSource, Options.Create(new RecommendationOptions()), new FakeTimeProvider(), NullLogger<CandidateFeaturesReadModel>.Instance));

    public static CandidateFacts TrendingBy(Guid author) =>
        new(Guid.CreateVersion7(), false, author, DateTimeOffset.UtcNow, ["cats"], 12, 300, 0, SourceSet.Trending);
}
