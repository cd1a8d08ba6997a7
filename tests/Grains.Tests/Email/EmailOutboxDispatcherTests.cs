using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Tests.Email;

public sealed class OutboxDatabaseFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public async Task InitializeAsync() => Database = await TestDatabase.CreateMigratedAsync();
    public async Task DisposeAsync() => await Database.DisposeAsync();
}

/// <summary>One dispatcher on a database no silo polls, with a sender scripted per recipient.</summary>
public sealed class EmailOutboxDispatcherTests(OutboxDatabaseFixture fixture) : IClassFixture<OutboxDatabaseFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Dispatcher_SendTimesOut_RecordsFailureAndKeepsDispatching()
    {
        var (slow, fine) = ($"slow-{Guid.NewGuid():N}@example.com", $"fine-{Guid.NewGuid():N}@example.com");
        // What HttpClient throws when its timeout elapses.
        var sender = new ScriptedSender(to => to == slow ? new TaskCanceledException("timed out", new TimeoutException()) : null);
        await InsertAsync(slow);
        var dispatcher = new EmailOutboxDispatcher(fixture.Database.DataSource, fixture.Database.DataSource, sender,
            Options.Create(new EmailOptions { PollInterval = TimeSpan.FromMilliseconds(100) }), NullLogger<EmailOutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<string>(
                "SELECT last_error FROM email_outbox WHERE recipient = $1", slow) is not null, Within, "the timeout recorded on the row");

            await InsertAsync(fine);

            await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<DateTime?>(
                "SELECT sent_at FROM email_outbox WHERE recipient = $1", fine) is not null, Within, "a later email still sent");
            Assert.False(dispatcher.ExecuteTask!.IsCompleted, "the dispatcher stopped");
            Assert.Null(await fixture.Database.ScalarAsync<DateTime?>("SELECT sent_at FROM email_outbox WHERE recipient = $1", slow));
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    private async Task InsertAsync(string recipient)
    {
        await using var tx = await Tx.BeginAsync(fixture.Database.DataSource);
        await Outbox.InsertAsync(tx, new OutboxEmail("dispatcher_test", recipient, "Subject", "Body"));
        await tx.CommitAsync();
    }

    private sealed class ScriptedSender(Func<string, Exception?> failureFor) : IEmailSender
    {
        public Task SendAsync(PendingEmail email, CancellationToken ct) =>
            failureFor(email.Recipient) is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }
}
