using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Engagement.GroupCommit;

namespace SocialFlow.ApiHost.Tests.Engagement;

/// <summary>Acknowledged means durable; a failed batch is never guessed at.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Counts_AfterTheHostRestartsOnTheSameDatabase_AreExact()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid video;
        List<(Guid Id, string Token)> users;
        await using (var first = new ApiFactory(db.ConnectionString, EngagementFixture.Settings))
        {
            var api = first.CreateClient();
            var (owner, _) = await first.UserAsync(db.ConnectionString);
            users = await first.UsersAsync(db.ConnectionString, 30);
            video = await first.ItemAsync(owner);
            var likes = await Task.WhenAll(users.Select(u => api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, u.Token)));
            Assert.All(likes, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/like", null, users[0].Token);
            await Task.WhenAll(users.Take(7).Select(u => api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/view", new { }, u.Token)));
            await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{video}", null, users[1].Token);
        }

        await using var second = new ApiFactory(db.ConnectionString, EngagementFixture.Settings);
        var again = second.CreateClient();
        var counts = await (await again.GetAsync($"/api/v1/videos/{video}/counts")).ReadJsonAsync();
        Assert.Equal(29, counts.GetProperty("like_count").GetInt64());
        Assert.Equal(7, counts.GetProperty("view_count").GetInt64());
        Assert.Equal(1, counts.GetProperty("bookmark_count").GetInt64());
        var relike = await (await again.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, users[5].Token)).ReadJsonAsync();
        Assert.False(relike.GetProperty("changed").GetBoolean());
        Assert.Equal(29, relike.GetProperty("like_count").GetInt64());
    }

    [Fact]
    public async Task FailedBatch_The503dWriteIsRederivedFromPostgresNotGuessed()
    {
        await using var db = await TestDatabase.CreateAsync();
        var faults = new ArmedFaults();
        await using var factory = new ApiFactory(db.ConnectionString, EngagementFixture.Settings);
        var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEngagementFaults>(faults)));
        var api = host.CreateClient();
        var (owner, _) = await host.UserAsync(db.ConnectionString);
        var users = await host.UsersAsync(db.ConnectionString, 3);
        var committedButUnacknowledged = await host.ItemAsync(owner);
        var rolledBack = await host.ItemAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{committedButUnacknowledged}/like", null, users[0].Token)).StatusCode);

        // The batch commits, then the acknowledgement is lost (as when the connection drops after COMMIT).
        faults.FailAfterCommit = committedButUnacknowledged;
        var lost = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{committedButUnacknowledged}/like", null, users[1].Token);
        // The batch never reaches PostgreSQL.
        faults.FailBeforeCommit = rolledBack;
        var failed = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{rolledBack}/like", null, users[1].Token);
        faults.FailAfterCommit = faults.FailBeforeCommit = null;

        await lost.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.NotNull(lost.Headers.RetryAfter);
        await failed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        var counts = await (await api.GetAsync($"/api/v1/videos/{committedButUnacknowledged}/counts")).ReadJsonAsync();
        Assert.Equal(2, counts.GetProperty("like_count").GetInt64());
        Assert.Equal(0, (await (await api.GetAsync($"/api/v1/videos/{rolledBack}/counts")).ReadJsonAsync()).GetProperty("like_count").GetInt64());

        // The client retries: idempotent, and the counts stay exact whichever way the failed batch went.
        var retried = await (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{committedButUnacknowledged}/like", null, users[1].Token)).ReadJsonAsync();
        Assert.False(retried.GetProperty("changed").GetBoolean());
        Assert.Equal(2, retried.GetProperty("like_count").GetInt64());
        var third = await (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{committedButUnacknowledged}/like", null, users[2].Token)).ReadJsonAsync();
        Assert.Equal(3, third.GetProperty("like_count").GetInt64());
        var retriedFailed = await (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{rolledBack}/like", null, users[1].Token)).ReadJsonAsync();
        Assert.True(retriedFailed.GetProperty("changed").GetBoolean());
        Assert.Equal(1, retriedFailed.GetProperty("like_count").GetInt64());
        Assert.Equal(3, await db.ScalarAsync<long>("SELECT likes FROM content_counters WHERE content_id = $1", committedButUnacknowledged));
    }

    private sealed class ArmedFaults : IEngagementFaults
    {
        public volatile object? FailBeforeCommitBox, FailAfterCommitBox;
        public Guid? FailBeforeCommit { get => (Guid?)FailBeforeCommitBox; set => FailBeforeCommitBox = value; }
        public Guid? FailAfterCommit { get => (Guid?)FailAfterCommitBox; set => FailAfterCommitBox = value; }

        public void BeforeCommit(IReadOnlyList<EngagementFact> batch) => ThrowIfAny(batch, FailBeforeCommit);
        public void AfterCommit(IReadOnlyList<EngagementFact> batch) => ThrowIfAny(batch, FailAfterCommit);

        private static void ThrowIfAny(IReadOnlyList<EngagementFact> batch, Guid? id)
        {
            if (id is { } armed && batch.Any(f => f.ContentId == armed)) throw new TimeoutException("injected fault");
        }
    }
}
