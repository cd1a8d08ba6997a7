using SocialFlow.Grains.Notifications.Delivery;

namespace SocialFlow.Grains.Tests.Notifications;

/// <summary>
/// The delivery outbox's claim on a real database: each claim leases the row for the retry base doubled per earlier
/// attempt, and a leased row is not claimed again. Read from the database's own clock around each claim, so a busy
/// machine cannot bend it (the end-to-end push test timed the stand-in's arrivals and once saw a retry's send late).
/// </summary>
public sealed class DeliveryClaimsTests
{
    private static readonly TimeSpan RetryBase = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ClaimAsync_EachAttempt_LeasesTheRowForTwiceTheLastBackoff()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var delivery = await SeedPushDeliveryAsync(database);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var before = await database.ScalarAsync<DateTime>("SELECT clock_timestamp()");
            var claimed = await DeliveryClaims.ClaimAsync(database.DataSource, "push", 10, RetryBase, CancellationToken.None,
                r => (Id: r.GetInt64(0), Attempts: r.GetInt32(3)));
            var after = await database.ScalarAsync<DateTime>("SELECT clock_timestamp()");

            Assert.Equal([(delivery, attempt)], claimed);
            var lease = RetryBase * Math.Pow(2, attempt - 1);
            var until = await database.ScalarAsync<DateTime>("SELECT next_attempt_at FROM notification_deliveries WHERE id = $1", delivery);
            Assert.InRange(until, before + lease, after + lease);
            Assert.Empty(await DeliveryClaims.ClaimAsync(database.DataSource, "push", 10, RetryBase, CancellationToken.None, r => r.GetInt64(0)));
            await database.ExecuteAsync("UPDATE notification_deliveries SET next_attempt_at = now() WHERE id = $1", delivery); // the lease ran out
        }
    }

    [Fact]
    public async Task FinishAsync_AFinishedDelivery_IsNeverClaimedAgain()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var delivery = await SeedPushDeliveryAsync(database);

        await DeliveryClaims.FinishAsync(database.DataSource, delivery, "sent");
        await database.ExecuteAsync("UPDATE notification_deliveries SET next_attempt_at = now() - interval '1 hour' WHERE id = $1", delivery);

        Assert.Empty(await DeliveryClaims.ClaimAsync(database.DataSource, "push", 10, RetryBase, CancellationToken.None, r => r.GetInt64(0)));
        Assert.Equal("sent", await database.ScalarAsync<string>("SELECT outcome FROM notification_deliveries WHERE id = $1", delivery));
    }

    private static async Task<long> SeedPushDeliveryAsync(TestDatabase database)
    {
        var (user, notification) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await database.AccountsAsync(user);
        await database.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, type, subject_id, subject_kind, created_at, updated_at)
            VALUES ($1, $2, 'like', $1, 'video', now(), now())
            """, notification, user);
        return await database.ScalarAsync<long>(
            "INSERT INTO notification_deliveries (notification_id, user_id, channel, next_attempt_at) VALUES ($1, $2, 'push', now()) RETURNING id",
            notification, user);
    }
}
