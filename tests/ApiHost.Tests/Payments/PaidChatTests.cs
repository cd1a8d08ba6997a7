using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Live.Chat;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Tips with a chat message (`POST /payments {kind: tip, stream_id, message}`): posted in the stream's chat once
/// paid, highlighted with the amount and pinned for a time by the amount; exactly once whatever repeats; kept after a refund.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaidChatTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ChatTip_PaidAtOnce_PostedHighlightedAndPinned_OnceForARetry_AndJoinersGetThePin()
    {
        var (users, stream, watching) = await WatchedStreamAsync();
        await using var _ = watching;
        var (creator, fan, viewer) = (users[0], users[1], users[2]);
        var key = Guid.NewGuid().ToString();
        var text = "great show " + Guid.NewGuid().ToString("N")[..6];
        var tip = new { kind = "tip", target_id = creator.Id, amount = 1500, currency = "usd", payment_method_id = "pm_card_visa", stream_id = stream, message = text };

        var paid = await _client.PaidAsync(fan.Token, tip, key);
        Assert.Equal("succeeded", paid.GetProperty("status").GetString());
        var paymentId = paid.GetProperty("id").GetGuid();
        var pushed = await watching.ReceiveAsync(text);
        Assert.Equal((paymentId.ToString(), fan.Id), (pushed.Id, pushed.UserId));

        var again = await _client.PaidAsync(fan.Token, tip, key);
        Assert.Equal(paymentId, again.GetProperty("id").GetGuid());
        var reused = await _client.PayAsync(fan.Token, key, tip with { message = "another text" });
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        var joined = await (await _client.JoinChatAsync(stream, viewer.Token)).ReadJsonAsync();
        var pin = joined.GetProperty("pinned").EnumerateArray().Single();
        Assert.Equal((paymentId.ToString(), text), (pin.GetProperty("id").GetString(), pin.GetProperty("text").GetString()));
        Assert.Equal((1500, "usd"), (pin.GetProperty("tip").GetProperty("amount").GetInt64(), pin.GetProperty("tip").GetProperty("currency").GetString()));
        var until = pin.GetProperty("tip").GetProperty("pinned_until").GetDateTimeOffset();
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5)); // 1000 and up: 5 min here
        await Task.Delay(300);
        Assert.Equal(1, watching.Pushes().SelectMany(b => b).Count(t => t == text));
        Assert.Equal(1, await api.ScalarAsync("SELECT count(*) FROM live_chat_messages WHERE id = $1 AND tip_amount = 1500", paymentId));
    }

    [Fact]
    public async Task ChatTip_BankAuthenticatesLater_PostedWhenPaid_ExactlyOnceDespiteDuplicateWebhooksRetryReconciliationAndRedelivery()
    {
        var (users, stream, watching) = await WatchedStreamAsync();
        await using var _ = watching;
        var (creator, fan, viewer) = (users[0], users[1], users[2]);
        var key = Guid.NewGuid().ToString();
        var text = "3ds tip " + Guid.NewGuid().ToString("N")[..6];
        var tip = new { kind = "tip", target_id = creator.Id, amount = 500, currency = "usd", payment_method_id = "pm_card_threeDSecure2Required", stream_id = stream, message = text };

        var pending = await _client.PaidAsync(fan.Token, tip, key);
        Assert.Equal("requires_action", pending.GetProperty("status").GetString());
        var paymentId = pending.GetProperty("id").GetGuid();
        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM live_chat_messages WHERE id = $1", paymentId));

        var intent = pending.GetProperty("client_secret").GetString()!.Split("_secret_")[0];
        var e = await api.Stripe.AuthenticateAsync(intent, succeed: true, deliver: false);
        var payload = e.ToJsonString();
        var deliveries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DeliverAsync(payload, api.Stripe.Sign(payload, DateTimeOffset.UtcNow))));
        Assert.All(deliveries, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal("succeeded", (await _client.PaidAsync(fan.Token, tip, key)).GetProperty("status").GetString());
        var admin = await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "admin");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/api/v1/admin/payments/reconcile", new { }, admin)).StatusCode);

        await watching.ReceiveAsync(text, TimeSpan.FromSeconds(10));
        // The paid event delivered again (at least once): the room posts a payment's message once.
        var room = api.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveRoomGrain>(stream);
        Assert.Null(await room.PostTipAsync(paymentId, 500, "usd"));
        await Task.Delay(500);
        Assert.Equal(1, watching.Pushes().SelectMany(b => b).Count(t => t == text));
        Assert.Equal(1, await api.ScalarAsync("SELECT count(*) FROM live_chat_messages WHERE id = $1", paymentId));
        var replay = await (await _client.GetAsync($"/api/v1/live/{stream}/chat", viewer.Token)).ReadJsonAsync();
        var kept = replay.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("text").GetString() == text);
        Assert.Equal(500, kept.GetProperty("tip").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task ChatTip_PinGrowsWithTheAmount_ExpiresOnTime_AndARefundKeepsTheMessage()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (creator, fan, viewer) = (users[0], users[1], users[2]);
        var stream = await _client.LiveStreamAsync(creator.Token);
        var small = await _client.PaidAsync(fan.Token, Tip(creator.Id, stream, 200, "small thanks"));
        var large = await _client.PaidAsync(fan.Token, Tip(creator.Id, stream, 2000, "big thanks"));

        var pinned = await Eventually.ValueAsync(() => PinnedAsync(stream, viewer.Token), p => p.Count == 2, TimeSpan.FromSeconds(5));
        Assert.Equal(["big thanks", "small thanks"], pinned.Order(StringComparer.Ordinal)); // each payment's event is posted on its own: either order
        var gone = await Eventually.ValueAsync(() => PinnedAsync(stream, viewer.Token), p => p.Count == 1, TimeSpan.FromSeconds(8));
        Assert.Equal(["big thanks"], gone); // 3 s for 100 and up, 5 min from 1000

        var admin = await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "admin");
        var refund = await _client.PostJsonAsync($"/api/v1/payments/{large.GetProperty("id").GetGuid()}/refund", new { reason = "chargeback risk" }, admin);
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(["big thanks"], await PinnedAsync(stream, viewer.Token));
        var replay = await (await _client.GetAsync($"/api/v1/live/{stream}/chat", viewer.Token)).ReadJsonAsync();
        Assert.Equal(2, replay.GetProperty("items").EnumerateArray().Count(m => m.TryGetProperty("tip", out _)));
        Assert.NotEqual(small.GetProperty("id").GetGuid(), large.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task ChatTip_RefusedByTheChat_NothingCharged()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (creator, fan, stranger) = (users[0], users[1], users[2]);
        await _client.TierAsync(creator.Token, 1, 300);
        var open = await _client.LiveStreamAsync(creator.Token);
        var members = await _client.LiveStreamAsync(creator.Token, membersOnlyRank: 1);

        await (await _client.PayAsync(fan.Token, Guid.NewGuid().ToString(), Tip(creator.Id, members, 500, "let me tip")))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
        await (await _client.PayAsync(fan.Token, Guid.NewGuid().ToString(), Tip(stranger.Id, open, 500, "wrong streamer")))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _client.PayAsync(fan.Token, Guid.NewGuid().ToString(), Tip(creator.Id, open, 500, new string('x', 501))))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "too_long");
        await (await _client.PayAsync(fan.Token, Guid.NewGuid().ToString(), Tip(creator.Id, Guid.NewGuid(), 500, "nowhere")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM payments WHERE buyer_id = $1", fan.Id));

        var noMessage = await _client.PayAsync(fan.Token, Guid.NewGuid().ToString(),
            new { kind = "tip", target_id = creator.Id, amount = 500, currency = "usd", payment_method_id = "pm_card_visa", stream_id = open });
        var purchase = await _client.PayAsync(fan.Token, Guid.NewGuid().ToString(),
            new { kind = "video_purchase", target_id = Guid.NewGuid(), currency = "usd", payment_method_id = "pm_card_visa", stream_id = open, message = "hi" });
        Assert.Contains("message", (await noMessage.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetRawText());
        Assert.Contains("stream_id", (await purchase.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetRawText());
    }

    [Fact]
    public void TipPins_GrowWithTheAmount_DefaultsUnlessConfigured()
    {
        var defaults = new LiveChatOptions();
        Assert.Equal([null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15)],
            new long[] { 99, 100, 499, 500, 50_000 }.Select(defaults.PinFor));
        var configured = new LiveChatOptions { TipPins = { [1] = TimeSpan.FromSeconds(5) } };
        Assert.Equal(TimeSpan.FromSeconds(5), configured.PinFor(50_000));
    }

    /// <summary>A creator's open stream whose chat a viewer has joined, and a fan to tip: users creator, fan, viewer.</summary>
    private async Task<(List<(Guid Id, string Username, string Token)> Users, Guid Stream, ChatClient Watching)> WatchedStreamAsync()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var stream = await _client.LiveStreamAsync(users[0].Token);
        var watching = await api.ChatAsync(users[2].Token);
        await watching.JoinAsync(stream);
        return (users, stream, watching);
    }

    private static object Tip(Guid creator, Guid stream, long amount, string message) =>
        new { kind = "tip", target_id = creator, amount, currency = "usd", payment_method_id = "pm_card_visa", stream_id = stream, message };

    private async Task<List<string>> PinnedAsync(Guid stream, string token)
    {
        var joined = await (await _client.JoinChatAsync(stream, token)).ReadJsonAsync();
        return [.. joined.GetProperty("pinned").EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];
    }

    private async Task<HttpStatusCode> DeliverAsync(string payload, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return (await _client.SendAsync(request)).StatusCode;
    }
}
