using System.Text.Json;
using Orleans.TestingHost;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Tests.Email;

/// <summary>
/// A two-silo cluster with a SendGrid key whose SendGridHost is a local sink: production wiring picks the real
/// SendGrid client, and each silo runs its own outbox dispatcher on the one database.
/// </summary>
public sealed class SendGridFixture : IAsyncLifetime
{
    public const string ApiKey = "SG.test-key.0123456789abcdef";
    public TestDatabase Database { get; private set; } = null!;
    public SendGridSink Sink { get; private set; } = null!;
    public TestCluster Cluster { get; private set; } = null!;
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "sf-gtest-mail-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync();
        Sink = await SendGridSink.StartAsync();
        Cluster = await TestClusters.StartAsync(Database, MailDirectory, silos: 2, settings: new Dictionary<string, string>
        {
            ["SocialFlow:Email:SendGridApiKey"] = ApiKey,
            ["SocialFlow:Email:SendGridHost"] = Sink.BaseAddress,
        });
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await TestClusters.StopAsync(Cluster);
        if (Sink is not null) await Sink.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        if (Directory.Exists(MailDirectory)) Directory.Delete(MailDirectory, recursive: true);
    }
}

public sealed class SendGridEmailTests(SendGridFixture fixture) : IClassFixture<SendGridFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Dispatcher_WithSendGridKey_PostsRegistrationEmailToMailSendWithBearerKey()
    {
        var (_, user) = await fixture.Cluster.GrainFactory.RegisterAsync();

        var request = await Eventually.ReturnsAsync(() => Task.FromResult(fixture.Sink.RequestsTo(user.Email).FirstOrDefault()), Within, "a SendGrid request");

        Assert.Equal(("POST", "/v3/mail/send"), (request.Method, request.Path));
        Assert.Equal($"Bearer {SendGridFixture.ApiKey}", request.Authorization);
        var body = request.Body;
        Assert.Equal("no-reply@socialflow.local", body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("SocialFlow", body.GetProperty("from").GetProperty("name").GetString());
        var personalization = Assert.Single(body.GetProperty("personalizations").EnumerateArray());
        Assert.Equal(user.Email, Assert.Single(personalization.GetProperty("to").EnumerateArray()).GetProperty("email").GetString());
        // MailHelper.CreateSingleEmail puts the subject on the personalization, which SendGrid's API accepts.
        Assert.Equal("Confirm your SocialFlow email address", personalization.GetProperty("subject").GetString());
        Assert.Equal(["verify_email"], body.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var content = Assert.Single(body.GetProperty("content").EnumerateArray());
        Assert.Equal("text/plain", content.GetProperty("type").GetString());
        var token = TestAccounts.TokenIn(content.GetProperty("value").GetString()!);
        Assert.True(await fixture.Database.IsStoredTokenAsync(user.Id, "verify_email", token), "the sent token is not the stored one");
        var row = await RowAsync(Guid.Parse(request.OutboxId!));
        await Eventually.HoldsAsync(async () => (await RowAsync(row.Id)).SentAt is not null, Within, "row marked sent");
        var sent = await RowAsync(row.Id);
        Assert.Equal((1, (string?)null), (sent.Attempts, sent.LastError));
        Assert.False(Directory.Exists(fixture.MailDirectory), "with a SendGrid key no .eml file may be written");
    }

    [Fact]
    public async Task Dispatcher_SendGridAnswers500_KeepsRowAndRetriesLaterUntilSent()
    {
        var user = NewUser.Create();
        fixture.Sink.FailFor(user.Email);
        Assert.Equal(Grains.Interfaces.Users.RegisterOutcome.Created,
            await fixture.Cluster.GrainFactory.Ref<Grains.Interfaces.Users.IUserGrain>(user.Id).RegisterAsync(user.Register));
        var id = (await fixture.Database.ScalarAsync<Guid?>("SELECT id FROM email_outbox WHERE recipient = $1", user.Email))!.Value;

        await Eventually.HoldsAsync(async () => (await RowAsync(id)).LastError is not null, Within, "the failure recorded");
        var failed = await RowAsync(id);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("500", failed.LastError);
        Assert.Null(failed.SentAt);
        Assert.True(failed.NextAttemptAt > DateTime.UtcNow.AddSeconds(20), $"next attempt at {failed.NextAttemptAt:O} is not backed off");
        Assert.Equal([500], fixture.Sink.RequestsTo(user.Email).Select(r => r.Status));

        // SendGrid recovers, and the back-off elapses (fast-forwarded rather than waited for).
        fixture.Sink.Heal(user.Email);
        await fixture.Database.ExecuteAsync("UPDATE email_outbox SET next_attempt_at = now() WHERE id = $1", id);

        await Eventually.HoldsAsync(async () => (await RowAsync(id)).SentAt is not null, Within, "the retry to succeed");
        var sent = await RowAsync(id);
        Assert.Equal((2, (string?)null), (sent.Attempts, sent.LastError));
        Assert.Equal([500, 202], fixture.Sink.RequestsTo(user.Email).Select(r => r.Status));
    }

    [Fact]
    public async Task Dispatchers_TwoSilosOnOneOutbox_SendEveryEmailExactlyOnce()
    {
        fixture.Sink.ResetMaxInFlight();
        var batch = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        var emails = Enumerable.Range(0, 60)
            .Select(i => new OutboxEmail("bulk_test", $"{batch}-{i}@example.com", $"Bulk {i}", $"Message {i} of {batch}")).ToList();
        await using (var tx = await Tx.BeginAsync(fixture.Database.DataSource))
        {
            foreach (var email in emails) await Outbox.InsertAsync(tx, email);
            await tx.CommitAsync();
        }

        await Eventually.HoldsAsync(
            async () => await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM email_outbox WHERE kind = 'bulk_test' AND recipient LIKE $1 AND sent_at IS NULL", batch + "-%") == 0,
            TimeSpan.FromSeconds(30), "every bulk email sent");

        var received = fixture.Sink.Requests.Where(r => r.To.StartsWith(batch + "-", StringComparison.Ordinal)).ToList();
        Assert.Equal(emails.Select(e => e.Recipient).Order(), received.Select(r => r.To).Order());
        Assert.Equal(60, received.Select(r => r.OutboxId).Distinct().Count());
        Assert.Equal(60L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM email_outbox WHERE kind = 'bulk_test' AND recipient LIKE $1 AND attempts = 1", batch + "-%"));
        Assert.True(fixture.Sink.MaxInFlight >= 2, "the two dispatchers never sent at the same time, so this proved nothing");
    }

    private sealed record OutboxRow(Guid Id, int Attempts, DateTime? SentAt, DateTime NextAttemptAt, string? LastError);

    private async Task<OutboxRow> RowAsync(Guid id)
    {
        await using var cmd = fixture.Database.DataSource.CreateCommand(
            "SELECT attempts, sent_at, next_attempt_at, last_error FROM email_outbox WHERE id = $1");
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"outbox row {id} is gone");
        return new OutboxRow(id, r.GetInt32(0), r.IsDBNull(1) ? null : r.GetDateTime(1), r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetString(3));
    }
}
