using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocialFlow.StripeStandIn;

/// <summary>
/// A local stand-in for Stripe's REST API (NOT Stripe): customers, payment methods (the test ids below), payment intents
/// with confirm, refunds, products and prices, subscriptions with their invoices (<see cref="StandInBilling"/>) and
/// events, in memory, with Stripe's idempotency and webhooks signed as Stripe signs them.
/// Requests are form-encoded as Stripe.net sends them; answers are Stripe's JSON shapes and error bodies.
/// <para>Test payment methods: <c>pm_card_visa</c>, <c>pm_card_mastercard</c> (US), <c>pm_card_de</c>, <c>pm_card_fr</c>,
/// <c>pm_card_gb</c> succeed; <c>pm_card_threeDSecure2Required</c> and <c>pm_card_authenticationRequired</c> leave the
/// intent in <c>requires_action</c> (with its <c>client_secret</c>) until
/// <c>POST /_standin/payment_intents/{id}/authenticate?outcome=succeed|fail&amp;deliver=true|false</c> plays the bank's
/// answer; <c>pm_card_chargeDeclined</c> and <c>pm_card_chargeDeclinedInsufficientFunds</c> are declined (402).</para>
/// </summary>
public sealed class StripeStandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StandInState _state;

    private readonly string _apiKey;

    private StripeStandInServer(WebApplication app, StandInState state, string apiKey) => (_app, _state, _apiKey) = (app, state, apiKey);

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where events are POSTed (signed); settable after start, since the receiver may start after the stand-in.</summary>
    public string? WebhookUrl { get => _state.Webhooks.Url; set => _state.Webhooks.Url = value; }

    /// <summary>The events created so far, oldest first (what Stripe's dashboard would list).</summary>
    public IReadOnlyList<JsonObject> Events => _state.EventsSnapshot();

    public static async Task<StripeStandInServer> StartAsync(StandInSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, settings.Port));
        builder.Services.AddHttpClient();
        var app = builder.Build();
        var webhooks = new WebhookSender(app.Services.GetRequiredService<IHttpClientFactory>(), settings.WebhookSecret) { Url = settings.WebhookUrl };
        var state = new StandInState(webhooks);
        var api = new StandInApi(state, settings.ApiKey);
        api.Map(app);
        await app.StartAsync();
        var server = new StripeStandInServer(app, state, settings.ApiKey ?? "sk_test_standin")
        {
            BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1").TrimEnd('/'),
        };
        return server;
    }

    /// <summary>
    /// Plays the bank's answer to a requires_action intent (the stand-in's own hook); returns the event it caused. Not
    /// delivered (<paramref name="deliver"/> false) plays a lost webhook: the webhooks still under way are waited for
    /// first, since the receiver reads the object's current state from Stripe on any event, and a slow delivery of an
    /// earlier one (the intent's requires_action, retried under load) would carry the news the test means to lose.
    /// </summary>
    public async Task<JsonObject> AuthenticateAsync(string intentId, bool succeed, bool deliver)
    {
        if (!deliver) await DeliveriesSettledAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{BaseUrl}/_standin/payment_intents/{intentId}/authenticate?outcome={(succeed ? "succeed" : "fail")}&deliver={(deliver ? "true" : "false")}");
        request.Headers.Authorization = new("Bearer", _apiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var type = succeed ? "payment_intent.succeeded" : "payment_intent.payment_failed";
        return Events.Last(e => (string?)e["type"] == type && (string?)e["data"]!["object"]!["id"] == intentId);
    }

    /// <summary>Holds back the answers to requests under <paramref name="pathPrefix"/> (carried out all the same) until
    /// the hold is disposed.</summary>
    public StandInHold HoldResponses(string pathPrefix)
    {
        var hold = new StandInHold(pathPrefix, () => _state.Hold = null);
        _state.Hold = hold;
        return hold;
    }

    /// <summary>Plays the creator finishing Stripe's onboarding of a connected account (account.updated follows).</summary>
    public async Task OnboardAsync(string accountId)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/_standin/accounts/{accountId}/onboard");
        request.Headers.Authorization = new("Bearer", _apiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Ends a subscription's current period now (Stripe's clock): it renews, its card refused when
    /// <paramref name="fail"/>, or ends if set to cancel at period end. Webhooks follow.</summary>
    public async Task RenewAsync(string subscriptionId, bool fail)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/_standin/subscriptions/{subscriptionId}/renew?outcome={(fail ? "fail" : "succeed")}");
        request.Headers.Authorization = new("Bearer", _apiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The Stripe-Signature header this stand-in would send with <paramref name="payload"/> signed at <paramref name="at"/>.</summary>
    public string Sign(string payload, DateTimeOffset at) => _state.Webhooks.Signature(payload, at);

    /// <summary>Completes when the process is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Waits until every webhook delivery started so far has finished (delivered or given up).</summary>
    public Task DeliveriesSettledAsync() => _state.Webhooks.SettledAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
