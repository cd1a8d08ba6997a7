using System.Security.Cryptography;
using System.Text.Json;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Tests.Notifications;

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsFixture>
{
    public const string Name = "notifications";
}

/// <summary>
/// The notifications profile: FCM (OAuth token endpoint included) and SendGrid point at <see cref="ExternalSink"/>;
/// short retry, push and digest timings so that backoff and digests are observable within seconds.
/// </summary>
public sealed class NotificationsFixture : ApiFixture
{
    public static readonly TimeSpan DigestInterval = TimeSpan.FromSeconds(3);
    public const string ClientEmail = "push@sf-test.iam.gserviceaccount.com";
    public ExternalSink Sink { get; private set; } = null!;
    public RSA Key { get; } = RSA.Create(2048);

    protected override Dictionary<string, string?> HostSettings()
    {
        var serviceAccount = JsonSerializer.Serialize(new
        {
            type = "service_account", project_id = "sf-test", client_email = ClientEmail,
            private_key = Key.ExportPkcs8PrivateKeyPem(), token_uri = "https://oauth2.example.invalid/token",
        });
        return new()
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
        };
    }

    public override async Task InitializeAsync()
    {
        Sink = await ExternalSink.StartAsync();
        await base.InitializeAsync();
    }

    public INotificationGrain Grain(Guid userId) => Grains.Ref<INotificationGrain>(userId);

    public Task ExecuteAsync(string sql, params object[] args) => Database.ExecuteAsync(sql, args);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Sink is not null) await Sink.DisposeAsync();
        Key.Dispose();
    }
}
