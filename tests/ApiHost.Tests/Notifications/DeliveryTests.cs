using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Notifications;

/// <summary>Push (FCM HTTP v1 + OAuth2) and email (SendGrid) against local endpoints that record the exact requests.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class DeliveryTests(NotificationsFixture fx)
{
    private string Cs => fx.Database.ConnectionString;

    private async Task<(Guid Owner, string OwnerToken, Guid Video)> OwnerWithDevicesAsync(params string[] deviceTokens)
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var api = fx.CreateClient();
        foreach (var token in deviceTokens)
        {
            (await api.PostJsonAsync("/api/v1/devices", new { token, platform = "android" }, ownerToken)).EnsureSuccessStatusCode();
        }
        return (owner, ownerToken, await fx.Factory.ItemAsync(owner));
    }

    private Task<string?> OutcomeAsync(Guid owner, string channel) => Eventually.ValueAsync(() => fx.Database.ScalarAsync<string>(
        "SELECT outcome FROM notification_deliveries WHERE user_id = $1 AND channel = $2 ORDER BY id DESC LIMIT 1", owner, channel), o => o is not null);

    [Fact]
    public async Task ALike_IsPushedOnceWithTheServiceAccountsOAuthToken()
    {
        var device = "ok-" + Guid.NewGuid().ToString("N");
        var (owner, _, video) = await OwnerWithDevicesAsync(device);
        var (liker, likerToken) = await fx.Factory.UserAsync(Cs);
        var likerName = await fx.Database.ScalarAsync<string>("SELECT username::text FROM accounts WHERE id = $1", liker);
        await fx.CreateClient().LikeAsync(video, likerToken);

        Assert.Equal("sent", await OutcomeAsync(owner, "push"));
        var push = Assert.Single(fx.Sink.Pushes(device));
        Assert.Equal("/v1/projects/sf-test/messages:send", push.Path);
        Assert.Equal($"Bearer {ExternalSink.AccessToken}", push.Authorization);
        Assert.StartsWith("application/json", push.ContentType);
        var message = push.Json.GetProperty("message");
        Assert.Equal(device, message.GetProperty("token").GetString());
        Assert.Equal("SocialFlow", message.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal($"{likerName} liked your video", message.GetProperty("notification").GetProperty("body").GetString());
        Assert.Equal("like", message.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal(video.ToString(), message.GetProperty("data").GetProperty("item_id").GetString());

        // The access token came from the token endpoint, by a JWT assertion the service account's key signed.
        var tokenRequest = fx.Sink.TokenRequests.First();
        var form = tokenRequest.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var parts = form["assertion"].Split('.');
        Assert.True(fx.Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var claims = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        Assert.Equal(NotificationsFixture.ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal("https://oauth2.googleapis.com/token", claims.GetProperty("aud").GetString()); // Google's audience, whatever the URL
        Assert.All(fx.Sink.TokenRequests, r => Assert.Equal("application/x-www-form-urlencoded", r.ContentType.Split(';')[0]));
        Assert.Equal("https://www.googleapis.com/auth/firebase.messaging", claims.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task APushThatFailsWith503_IsRetried_AndNeverSentAgainOnceItSucceeded()
    {
        var flaky = "flaky-" + Guid.NewGuid().ToString("N");
        var steady = "ok-" + Guid.NewGuid().ToString("N");
        var (owner, _, video) = await OwnerWithDevicesAsync(flaky, steady);
        var (_, likerToken) = await fx.Factory.UserAsync(Cs);
        await fx.CreateClient().LikeAsync(video, likerToken);

        Assert.Equal("sent", await OutcomeAsync(owner, "push"));
        var attempts = fx.Sink.Pushes(flaky);
        Assert.Equal([503, 503, 200], attempts.Select(a => a.Status));
        // Three claims of one outbox row, each a lease that doubles (timed on the database's clock by DeliveryClaimsTests;
        // the stand-in's arrival times move by hundreds of ms on a busy machine, so they are not compared here).
        Assert.Equal(3, await fx.Database.ScalarAsync<int>(
            "SELECT attempts FROM notification_deliveries WHERE user_id = $1 AND channel = 'push' ORDER BY id DESC LIMIT 1", owner));
        Assert.Single(fx.Sink.Pushes(steady)); // served on the first attempt, skipped by the retries
        await Task.Delay(TimeSpan.FromSeconds(2)); // several retry periods: a finished delivery is never claimed again
        Assert.Equal(3, fx.Sink.Pushes(flaky).Count);
        Assert.Single(fx.Sink.Pushes(steady));
    }

    [Fact]
    public async Task TokensFcmCallsInvalid_AreDeleted()
    {
        var (dead, bad, ok) = ("dead-" + Guid.NewGuid().ToString("N"), "bad-" + Guid.NewGuid().ToString("N"), "ok-" + Guid.NewGuid().ToString("N"));
        var (owner, _, video) = await OwnerWithDevicesAsync(dead, bad, ok);
        var (_, likerToken) = await fx.Factory.UserAsync(Cs);
        await fx.CreateClient().LikeAsync(video, likerToken);

        Assert.Equal("sent", await OutcomeAsync(owner, "push"));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM devices WHERE user_id = $1", owner));
        Assert.Equal(ok, await fx.Database.ScalarAsync<string>("SELECT token FROM devices WHERE user_id = $1", owner));
        Assert.Single(fx.Sink.Pushes(dead));
        Assert.Single(fx.Sink.Pushes(bad));
    }

    [Fact]
    public async Task Emails_GoThroughSendGrid_AndABurstBecomesOneDigest()
    {
        var (owner, _) = await fx.Factory.UserAsync(Cs);
        await fx.ExecuteAsync("UPDATE accounts SET email_verified = true WHERE id = $1", owner);
        var address = await fx.Database.ScalarAsync<string>("SELECT email::text FROM accounts WHERE id = $1", owner);
        var commenters = await fx.Factory.UsersAsync(Cs, 3);
        var videos = new[] { await fx.Factory.ItemAsync(owner), await fx.Factory.ItemAsync(owner), await fx.Factory.ItemAsync(owner) };
        var api = fx.CreateClient();

        await api.PostJsonAsync($"/api/v1/videos/{videos[0]}/comments", new { text = "first!" }, commenters[0].Token);
        var single = await Eventually.ValueAsync(() => Task.FromResult(fx.Sink.Emails(address!)), e => e.Count == 1);
        var mail = Assert.Single(single);
        Assert.Equal("Bearer SG.test-key", mail.Authorization);
        Assert.Contains("commented on your video", Subject(mail));
        Assert.Contains("\"first!\"", mail.Json.GetProperty("content")[0].GetProperty("value").GetString());

        await api.PostJsonAsync($"/api/v1/videos/{videos[1]}/comments", new { text = "second" }, commenters[1].Token);
        await api.PostJsonAsync($"/api/v1/videos/{videos[2]}/comments", new { text = "third" }, commenters[2].Token);
        var both = await Eventually.ValueAsync(() => Task.FromResult(fx.Sink.Emails(address!)), e => e.Count >= 2, TimeSpan.FromSeconds(15));
        Assert.Equal(2, both.Count); // not three: the two later ones waited for the digest interval and left together
        // Queued an interval apart (the outbox rows' times: when the stand-in received them also holds the outbox's own
        // delay, which a busy machine made longer for the first than for the digest).
        var queued = (await fx.Database.ScalarAsync<DateTime[]>(
            "SELECT array_agg(created_at ORDER BY created_at DESC) FROM (SELECT created_at FROM email_outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 2) x",
            address!))!;
        Assert.True(queued[0] - queued[1] >= NotificationsFixture.DigestInterval, $"queued {queued[0] - queued[1]} apart");
        Assert.Equal("2 new notifications on SocialFlow", Subject(both[1]));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification_deliveries WHERE user_id = $1 AND channel = 'email' AND done_at IS NULL", owner));
    }

    /// <summary>SendGrid's client puts the subject in the first personalization.</summary>
    private static string? Subject(SinkCall mail) =>
        mail.Json.TryGetProperty("subject", out var s) ? s.GetString() : mail.Json.GetProperty("personalizations")[0].GetProperty("subject").GetString();

    private static byte[] Base64Url(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4));
}
