using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Videos;
using SocialFlow.StripeStandIn;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>
/// Two API hosts over one silo, as two API pods: <c>first</c> co-hosts the silo, <c>second</c> is an Orleans client of
/// it, over one data directory (a shared volume). What one host changes — a members-only rule, a subscription, its
/// cancellation — counts on the other within a second: rules are announced on Redis, entitlements are asked of the
/// subscriber's grain on every request.
/// </summary>
public sealed class EntitlementAcrossHostsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);
    private readonly string _cluster = "test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _gateway = FreePort.Next().ToString();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sf-pods-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;
    private StripeStandInServer _stripe = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _stripe = await StripeStandInServer.StartAsync(new StandInSettings(0, PaymentsFixture.ApiKey, PaymentsFixture.WebhookSecret));
    }

    public async Task DisposeAsync()
    {
        await _stripe.DisposeAsync();
        await _db.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task RuleSubscriptionAndCancellation_MadeThroughOneHost_CountOnTheOtherWithinASecond()
    {
        await using var first = Host(client: false);
        await using var second = Host(client: true);
        var (a, b) = (first.CreateClient(), second.CreateClient());
        var users = await first.UsersAsync(_db.ConnectionString, 2);
        var (creator, fan) = (users[0], users[1]);
        var tier = await a.TierAsync(creator.Token, 1, 300);
        var video = await PlayableVideoAsync(first, creator.Id);
        Assert.Equal(HttpStatusCode.OK, await b.PlayAsync(video, fan.Token));

        var set = await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = true }, creator.Token);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await CountsOnTheOtherHostAsync("members-only rule", () => b.PlayAsync(video, fan.Token), HttpStatusCode.Forbidden);

        var subscription = (await a.SubscribedAsync(fan.Token, tier, "pm_card_visa")).GetProperty("id").GetGuid();
        await CountsOnTheOtherHostAsync("subscription", () => b.PlayAsync(video, fan.Token), HttpStatusCode.OK);

        var canceled = await a.SendJsonAsync(HttpMethod.Delete, $"/api/v1/subscriptions/{subscription}?now=true", null, fan.Token);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        await CountsOnTheOtherHostAsync("cancellation", () => b.PlayAsync(video, fan.Token), HttpStatusCode.Forbidden);
    }

    private async Task CountsOnTheOtherHostAsync(string change, Func<Task<HttpStatusCode>> play, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        var status = await play();
        while (status != expected && clock.Elapsed < Within)
        {
            await Task.Delay(10);
            status = await play();
        }
        output.WriteLine($"{change}: {status} on the other host after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(status == expected, $"{change}: still {status} on the other host after {Within.TotalSeconds} s");
    }

    /// <summary>A ready video whose master playlist is in the shared data directory (made ready as a recording is:
    /// should the transcode worker fail it first, another is tried; CI once saw a single attempt lose that race).</summary>
    private static async Task<Guid> PlayableVideoAsync(ApiFactory host, Guid owner)
    {
        var id = await host.Services.GetRequiredService<IGrainFactory>().RecordedAsync(owner, new NewVideo("across pods", "", [], VideoVisibility.Public, 1000));
        await host.Services.GetRequiredService<IMediaStore>().PutAsync(MediaKeys.Master(id), new MemoryStream("#EXTM3U\n"u8.ToArray()), "application/vnd.apple.mpegurl");
        return id;
    }

    private ApiFactory Host(bool client)
    {
        var settings = VideoFixture.Settings(_data);
        settings["SocialFlow:Orleans:ClusterId"] = _cluster;
        settings["SocialFlow:Orleans:GatewayPort"] = _gateway;
        settings["SocialFlow:Payments:Stripe:ApiBase"] = _stripe.BaseUrl;
        settings["SocialFlow:Payments:Stripe:SecretKey"] = PaymentsFixture.ApiKey;
        settings["SocialFlow:Payments:Stripe:WebhookSecret"] = PaymentsFixture.WebhookSecret;
        if (client) settings["SocialFlow:Orleans:Mode"] = "Client";
        return new ApiFactory(_db.ConnectionString, settings);
    }
}
