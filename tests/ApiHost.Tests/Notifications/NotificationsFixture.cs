using SocialFlow.Grains.Interfaces;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Tests.Notifications;

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsFixture>
{
    public const string Name = "notifications";
}

/// <summary>
/// One database and API host whose FCM (OAuth token endpoint included) and SendGrid point at <see cref="ExternalSink"/>;
/// short retry, push and digest timings so that backoff and digests are observable within seconds.
/// </summary>
public sealed class NotificationsFixture : IAsyncLifetime
{
    public static readonly TimeSpan DigestInterval = TimeSpan.FromSeconds(3);
    public const string ClientEmail = "push@sf-test.iam.gserviceaccount.com";
    public TestDatabase Database { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;
    public ExternalSink Sink { get; private set; } = null!;
    public RSA Key { get; } = RSA.Create(2048);

    public async Task InitializeAsync()
    {
        Sink = await ExternalSink.StartAsync();
        Database = await TestDatabase.CreateAsync();
        var serviceAccount = JsonSerializer.Serialize(new
        {
            type = "service_account", project_id = "sf-test", client_email = ClientEmail,
            private_key = Key.ExportPkcs8PrivateKeyPem(), token_uri = "https://oauth2.example.invalid/token",
        });
        Factory = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["SocialFlow:Notifications:Fcm:ServiceAccountJson"] = serviceAccount,
            ["SocialFlow:Notifications:Fcm:Endpoint"] = Sink.BaseAddress,
            ["SocialFlow:Notifications:Fcm:TokenUri"] = Sink.BaseAddress + "/token",
            ["SocialFlow:Notifications:PushDelay"] = "00:00:00",
            ["SocialFlow:Notifications:RetryBase"] = "00:00:00.300",
            ["SocialFlow:Notifications:PollInterval"] = "00:00:00.050",
            ["SocialFlow:Notifications:FanoutBatch"] = "10",
            ["SocialFlow:Notifications:LikeInterval"] = "00:00:00.100",
            ["SocialFlow:Notifications:EmailDigestInterval"] = DigestInterval.ToString(),
            ["SocialFlow:Email:SendGridApiKey"] = "SG.test-key",
            ["SocialFlow:Email:SendGridHost"] = Sink.BaseAddress,
            ["SocialFlow:Events:PollInterval"] = "00:00:00.050",
        });
        using var client = Factory.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public INotificationGrain Grain(Guid userId) => Factory.Services.GetRequiredService<IGrainFactory>().Ref<INotificationGrain>(userId);

    public async Task ExecuteAsync(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        await Sink.DisposeAsync();
        Key.Dispose();
    }
}
