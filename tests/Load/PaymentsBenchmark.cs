using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SocialFlow.StripeStandIn;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario payments`. Starts the Stripe stand-in in this process and the API host pointed at it (webhooks to the
/// host), then measures in interleaved rounds against `GET /health/live`: `POST /payments` (a tip, a fresh
/// Idempotency-Key each: the payment row, Stripe's customer and confirmed intent, the ledger's charge) and `POST
/// /webhooks/stripe` (signed events, each new: verified, deduplicated in PostgreSQL, the payment re-read from Stripe).
/// The stand-in's own cost is in the figures (it runs on the same cores), as Stripe's latency would be in production.
/// </summary>
public static class PaymentsBenchmark
{
    private const string ApiKey = "sk_test_load";
    private const string WebhookSecret = "whsec_load";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        await using var stripe = await StripeStandInServer.StartAsync(new StandInSettings(0, ApiKey, WebhookSecret));
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["SocialFlow__Payments__Stripe__ApiBase"] = stripe.BaseUrl,
            ["SocialFlow__Payments__Stripe__SecretKey"] = ApiKey,
            ["SocialFlow__Payments__Stripe__WebhookSecret"] = WebhookSecret,
        });
        Console.WriteLine($"target {host.Url}; Stripe stand-in at {stripe.BaseUrl}; seeding {options.Users} users …");
        var (tokens, _, users) = await Seeder.SeedAsync(host.ConnectionString, host.SigningKey, options.Users, 1);
        // The stand-in's own webhooks would be a second load on the same host: only the measured ones are sent.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(30) };

        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var pay = new Scenario("pay", "POST /payments (tip)", r => Tip(r, tokens, users));
        JsonObject[] succeeded = [];
        var webhook = new Scenario("webhook", "POST /webhooks/stripe", r => Event(stripe, succeeded[r.Next(succeeded.Length)]));
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in new[] { live, pay }) await s.RunAsync(http, options.Connections, TimeSpan.FromSeconds(2), measure: false);
        }
        succeeded = [.. stripe.Events.Where(e => (string?)e["type"] == "payment_intent.succeeded").Take(5000)];
        Console.WriteLine($"{succeeded.Length} succeeded intents to send events about; measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s …");
        Scenario[] scenarios = [live, pay, webhook];
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var s in scenarios) await s.RunAsync(http, options.Connections, options.Round, measure: true, host.ProcessId);
        }
        Report.Print(scenarios, live);
        return pay.Errors == 0 && webhook.Errors == 0 ? 0 : 1;
    }

    private static HttpRequestMessage Tip(Random r, string[] tokens, Guid[] users)
    {
        var (buyer, creator) = (r.Next(tokens.Length), r.Next(users.Length));
        if (creator == buyer) creator = (creator + 1) % users.Length;
        var body = $$"""{"kind":"tip","target_id":"{{users[creator]}}","amount":{{100 + r.Next(900)}},"currency":"usd","payment_method_id":"pm_card_visa"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[buyer]);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>A new event (its own id) about a succeeded intent, signed as the stand-in signs: applied, not a duplicate.</summary>
    private static HttpRequestMessage Event(StripeStandInServer stripe, JsonObject source)
    {
        var copy = (JsonObject)source.DeepClone();
        copy["id"] = "evt_load_" + Guid.NewGuid().ToString("N");
        var payload = copy.ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", stripe.Sign(payload, DateTimeOffset.UtcNow));
        return request;
    }
}
