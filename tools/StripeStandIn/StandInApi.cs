using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SocialFlow.StripeStandIn;

/// <summary>The routes: Stripe's paths under <c>/v1</c>, and the stand-in's own hooks under <c>/_standin</c>.</summary>
internal sealed class StandInApi(StandInState state, string? apiKey)
{
    public void Map(WebApplication app)
    {
        app.MapPost("/v1/customers", (HttpContext h) => PostAsync(h, f => StandInObjects.Customer(state, f)));
        app.MapGet("/v1/customers/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("customer", id, "customer")));
        app.MapGet("/v1/payment_methods/{id}", (string id, HttpContext h) => GetAsync(h, () => StandInObjects.PaymentMethod(id)));
        app.MapPost("/v1/payment_intents", (HttpContext h) => PostAsync(h, f => StandInObjects.CreateIntent(state, f)));
        app.MapGet("/v1/payment_intents", (HttpContext h) => GetAsync(h, () => ListOf(h, "payment_intent", "/v1/payment_intents", _ => true, StandInObjects.Public)));
        app.MapGet("/v1/payment_intents/{id}", (string id, HttpContext h) => GetAsync(h, () => StandInObjects.Public(state.Find("payment_intent", id, "payment_intent"))));
        app.MapPost("/v1/payment_intents/{id}/confirm", (string id, HttpContext h) => PostAsync(h, f =>
            StandInObjects.Confirm(state, state.Find("payment_intent", id, "payment_intent"), f.Get("payment_method"))));
        app.MapPost("/v1/refunds", (HttpContext h) => PostAsync(h, f => StandInObjects.Refund(state, f)));
        app.MapGet("/v1/refunds/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("refund", id, "refund")));
        app.MapPost("/v1/products", (HttpContext h) => PostAsync(h, f => StandInBilling.Product(state, f)));
        app.MapGet("/v1/products/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("product", id, "product")));
        app.MapPost("/v1/prices", (HttpContext h) => PostAsync(h, f => StandInBilling.Price(state, f)));
        app.MapGet("/v1/prices/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("price", id, "price")));
        app.MapPost("/v1/payment_methods/{id}/attach", (string id, HttpContext h) => PostAsync(h, f => StandInBilling.Attach(state, id, f)));
        app.MapPost("/v1/subscriptions", (HttpContext h) => PostAsync(h, f => StandInBilling.CreateSubscription(state, f)));
        app.MapGet("/v1/subscriptions/{id}", (string id, HttpContext h) => GetAsync(h, () => StandInBilling.GetSubscription(state, id, Expand(h))));
        app.MapPost("/v1/subscriptions/{id}", (string id, HttpContext h) => PostAsync(h, f => StandInBilling.UpdateSubscription(state, id, f)));
        app.MapDelete("/v1/subscriptions/{id}", (string id, HttpContext h) => PostAsync(h, _ => StandInBilling.Cancel(state, id)));
        app.MapGet("/v1/invoices", (HttpContext h) => GetAsync(h, () => ListOf(h, "invoice", "/v1/invoices", i =>
            (h.Request.Query["status"].ToString() is not { Length: > 0 } status || (string?)i["status"] == status)
            && (h.Request.Query["subscription"].ToString() is not { Length: > 0 } sub || (string?)i["parent"]?["subscription_details"]?["subscription"] == sub),
            i => StandInBilling.GetInvoice(state, (string)i["id"]!, []))));
        app.MapGet("/v1/invoices/{id}", (string id, HttpContext h) => GetAsync(h, () => StandInBilling.GetInvoice(state, id, Expand(h))));
        app.MapPost("/v1/accounts", (HttpContext h) => PostAsync(h, f => StandInConnect.Account(state, f)));
        app.MapGet("/v1/accounts/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("account", id, "account")));
        app.MapPost("/v1/account_links", (HttpContext h) => PostAsync(h, f => StandInConnect.Link(state, f)));
        app.MapPost("/v1/transfers", (HttpContext h) => PostAsync(h, f => StandInConnect.Transfer(state, f)));
        app.MapGet("/v1/transfers/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("transfer", id, "transfer")));
        app.MapGet("/v1/events/{id}", (string id, HttpContext h) => GetAsync(h, () => state.Find("event", id, "event")));
        // Not Stripe: the bank's answer to a 3-D Secure challenge the app would show (outcome succeed or fail).
        app.MapPost("/_standin/payment_intents/{id}/authenticate", (string id, string? outcome, bool? deliver, HttpContext h) => PostAsync(h, _ =>
            StandInObjects.Authenticate(state, state.Find("payment_intent", id, "payment_intent"), outcome != "fail", deliver ?? true)));
        // Not Stripe: the end of a subscription's current period (Stripe's clock), its renewal charged or refused.
        app.MapPost("/_standin/subscriptions/{id}/renew", (string id, string? outcome, HttpContext h) => PostAsync(h, _ =>
            StandInBilling.Renew(state, id, outcome == "fail")));
        // Not Stripe: the creator finishes Stripe's onboarding of their connected account.
        app.MapPost("/_standin/accounts/{id}/onboard", (string id, HttpContext h) => PostAsync(h, _ => StandInConnect.Onboard(state, id)));
        app.MapFallback((HttpContext h) => WriteAsync(h, 404, ErrorBody(new StripeApiError(404, "invalid_request_error",
            $"Unrecognized request URL ({h.Request.Method}: {h.Request.Path}).")).ToJsonString()));
    }

    /// <summary>A list request's parameters as Stripe takes them: created[gte], limit (default 10, at most 100), starting_after.</summary>
    private JsonObject ListOf(HttpContext h, string objectType, string url, Func<JsonObject, bool> filter, Func<JsonObject, JsonObject> view)
    {
        var q = h.Request.Query;
        long? since = long.TryParse(q["created[gte]"], NumberStyles.None, CultureInfo.InvariantCulture, out var gte) ? gte : null;
        var limit = int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 10;
        if (limit is < 1 or > 100) throw StripeApiError.Param("limit", "Invalid integer: limit must be between 1 and 100.");
        var list = state.List(objectType, url, since, filter, q["starting_after"].ToString() is { Length: > 0 } after ? after : null, limit);
        list["data"] = new JsonArray([.. list["data"]!.AsArray().Select(o => (JsonNode)view((JsonObject)o!))]);
        return list;
    }

    private static List<string> Expand(HttpContext h) =>
        [.. h.Request.Query.Where(q => q.Key.StartsWith("expand[", StringComparison.Ordinal)).Select(q => q.Value.ToString())];

    private async Task GetAsync(HttpContext h, Func<JsonObject> read)
    {
        if (await RefusedAsync(h)) return;
        await state.Gate.WaitAsync();
        string body;
        int status;
        try
        {
            (status, body) = (200, read().ToJsonString());
        }
        catch (StripeApiError e)
        {
            (status, body) = (e.Status, ErrorBody(e).ToJsonString());
        }
        finally
        {
            state.Gate.Release();
        }
        await WriteAsync(h, status, body);
    }

    /// <summary>
    /// A mutating request: with an <c>Idempotency-Key</c>, the first answer (success or error) is kept and replayed for
    /// the same key and parameters (<c>Idempotent-Replayed: true</c>); the key with other parameters is a 400
    /// idempotency_error. Parameter validation errors are not kept, as on Stripe.
    /// </summary>
    private async Task PostAsync(HttpContext h, Func<StandInForm, StandInResult> run)
    {
        if (await RefusedAsync(h)) return;
        var form = await StandInForm.ReadAsync(h.Request);
        var key = h.Request.Headers["Idempotency-Key"].ToString();
        var scoped = $"{h.Request.Headers.Authorization}|{key}";
        var fingerprint = $"{h.Request.Method} {h.Request.Path}?{form.Canonical}";
        IReadOnlyList<JsonObject> emitted = [];
        var deliver = true;
        int status;
        string body;
        var replayed = false;
        await state.Gate.WaitAsync();
        try
        {
            if (key.Length > 0 && state.Replay(scoped, fingerprint, key) is { } hit)
            {
                (status, body, replayed) = (hit.Status, hit.Body, true);
            }
            else
            {
                try
                {
                    var result = run(form);
                    (status, body, deliver) = (200, result.Body.ToJsonString(), result.Deliver);
                }
                catch (StripeApiError e)
                {
                    (status, body) = (e.Status, ErrorBody(e).ToJsonString());
                    if (e.IsValidation) key = "";
                }
                emitted = state.TakeEmitted();
                if (key.Length > 0) state.Remember(scoped, fingerprint, status, body);
            }
        }
        catch (StripeApiError e)
        {
            (status, body) = (e.Status, ErrorBody(e).ToJsonString());
        }
        finally
        {
            state.Gate.Release();
        }
        if (deliver)
        {
            foreach (var e in emitted) state.Deliver(e);
        }
        if (state.Hold is { } hold && h.Request.Path.StartsWithSegments(hold.PathPrefix, StringComparison.Ordinal)) await hold.WaitAsync(h.RequestAborted);
        if (replayed) h.Response.Headers["Idempotent-Replayed"] = "true";
        if (key.Length > 0) h.Response.Headers["Idempotency-Key"] = key;
        await WriteAsync(h, status, body);
    }

    private async Task<bool> RefusedAsync(HttpContext h)
    {
        var given = h.Request.Headers.Authorization.ToString();
        // Stripe takes the key as a bearer token (Stripe.net) or as HTTP Basic's user name (curl -u sk_…:).
        var key = given.StartsWith("Bearer ", StringComparison.Ordinal) ? given[7..]
            : given.StartsWith("Basic ", StringComparison.Ordinal) ? BasicUser(given[6..]) : null;
        if (key is { Length: > 0 } && (apiKey is null || key == apiKey)) return false;
        var error = new StripeApiError(401, "invalid_request_error",
            given.Length == 0 ? "You did not provide an API key." : "Invalid API Key provided.");
        await WriteAsync(h, 401, ErrorBody(error).ToJsonString());
        return true;
    }

    private static string? BasicUser(string encoded)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            return text.Split(':')[0];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonObject ErrorBody(StripeApiError e) => new() { ["error"] = e.Error.DeepClone() };

    private static Task WriteAsync(HttpContext h, int status, string body)
    {
        h.Response.StatusCode = status;
        h.Response.ContentType = "application/json";
        h.Response.Headers["Request-Id"] = StandInState.NewId("req");
        h.Response.Headers["Stripe-Version"] = Stripe.StripeConfiguration.ApiVersion;
        return h.Response.WriteAsync(body);
    }
}

/// <summary>What a mutating request answers, and whether the events it caused (<see cref="StandInState.Emit"/>) are delivered now.</summary>
internal sealed record StandInResult(JsonObject Body, bool Deliver = true);

/// <summary>A form-encoded Stripe request (<c>metadata[k]=v</c>, <c>expand[0]=…</c>), and its parameters in a canonical order.</summary>
internal sealed class StandInForm(Dictionary<string, string> values)
{
    public string Canonical { get; } = string.Join("&", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static async Task<StandInForm> ReadAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (k, v) in await request.ReadFormAsync()) values[k] = v.ToString();
        }
        return new StandInForm(values);
    }

    public string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public long? Long(string name)
    {
        if (Get(name) is not { } text) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw StripeApiError.Param(name, $"Invalid positive integer: {name}");
    }

    public List<string> Expand() =>
        [.. values.Where(p => p.Key.StartsWith("expand[", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)];

    public JsonObject Metadata()
    {
        var m = new JsonObject();
        foreach (var (k, v) in values.Where(p => p.Key.StartsWith("metadata[", StringComparison.Ordinal) && p.Key.EndsWith(']')).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            m[k["metadata[".Length..^1]] = v;
        }
        return m;
    }
}
