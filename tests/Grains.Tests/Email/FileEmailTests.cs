namespace SocialFlow.Grains.Tests.Email;

/// <summary>The shared cluster has no SendGrid key, so its dispatchers write .eml files (the single-node default).</summary>
[Collection(ClusterCollection.Name)]
public sealed class FileEmailTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Dispatcher_NoSendGridKey_WritesRegistrationEmailAsEmlAndMarksRowSent()
    {
        var (grain, user) = await fixture.Grains.RegisterAsync();
        var id = (await fixture.Database.ScalarAsync<Guid?>(
            "SELECT id FROM email_outbox WHERE recipient = $1 AND kind = 'verify_email'", user.Email))!.Value;

        var path = await Eventually.ReturnsAsync(
            () => Task.FromResult(Directory.Exists(fixture.MailDirectory)
                ? Directory.GetFiles(fixture.MailDirectory, $"*-verify_email-{id:N}.eml").SingleOrDefault() : null),
            TimeSpan.FromSeconds(15), $"an .eml file for outbox row {id}");
        await Eventually.HoldsAsync(
            async () => await fixture.Database.ScalarAsync<DateTime?>("SELECT sent_at FROM email_outbox WHERE id = $1", id) is not null,
            TimeSpan.FromSeconds(5), "row marked sent");

        var eml = await File.ReadAllTextAsync(path);
        var (headers, body) = (eml[..eml.IndexOf("\r\n\r\n")], eml[(eml.IndexOf("\r\n\r\n") + 4)..]);
        Assert.Contains($"To: {user.Email}\r\n", headers);
        Assert.Contains("Subject: Confirm your SocialFlow email address\r\n", headers);
        Assert.Contains("From: SocialFlow <no-reply@socialflow.local>\r\n", headers);
        var token = TestAccounts.TokenIn(body);
        Assert.True(await fixture.Database.IsStoredTokenAsync(user.Id, "verify_email", token), "the mailed token is not the stored one");
        Assert.True(await grain.VerifyEmailAsync(token));
        Assert.Null(await fixture.Database.ScalarAsync<string>("SELECT last_error FROM email_outbox WHERE id = $1", id));
        Assert.Equal(1, await fixture.Database.ScalarAsync<int>("SELECT attempts FROM email_outbox WHERE id = $1", id));
    }
}
