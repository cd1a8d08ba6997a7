using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SocialFlow.StripeStandIn;

/// <summary>A Stripe API error as Stripe answers it: the HTTP status and <c>{"error": {type, code, message, …}}</c>.</summary>
internal sealed class StripeApiError(int status, string type, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public JsonObject Error { get; } = Build(type, message, code, param);

    /// <summary>A parameter problem: Stripe keeps no idempotent result for it (the endpoint never started executing).</summary>
    public bool IsValidation => Status == 400 && Error["param"] is not null;

    public static StripeApiError Missing(string what, string id) =>
        new(404, "invalid_request_error", $"No such {what}: '{id}'", "resource_missing", "id");

    public static StripeApiError Param(string param, string message) => new(400, "invalid_request_error", message, "parameter_invalid", param);

    private static JsonObject Build(string type, string message, string? code, string? param)
    {
        var e = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null) e["code"] = code;
        if (param is not null) e["param"] = param;
        return e;
    }
}

/// <summary>
/// Everything the stand-in knows, in memory, behind one lock: a mutating request runs alone (from its idempotency check
/// to its stored answer), which is what Stripe's idempotency promises to concurrent retries of one key.
/// </summary>
internal sealed class StandInState(WebhookSender webhooks)
{
    private readonly Dictionary<string, JsonObject> _objects = [];
    private readonly List<JsonObject> _events = [];
    private readonly List<JsonObject> _emitted = [];
    private readonly Dictionary<string, (string Fingerprint, int Status, string Body)> _idempotent = [];

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public WebhookSender Webhooks { get; } = webhooks;

    /// <summary>The answers a test holds back (see <see cref="StandInHold"/>), if any.</summary>
    public StandInHold? Hold { get; set; }

    public static string NewId(string prefix) => prefix + "_" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 24);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public JsonObject Add(JsonObject o)
    {
        _objects[(string)o["id"]!] = o;
        return o;
    }

    /// <summary>Stripe's list of one object type, newest first: created at or after <paramref name="createdSince"/>,
    /// filtered, after the object <paramref name="startingAfter"/>, at most <paramref name="limit"/> (1 to 100).</summary>
    public JsonObject List(string objectType, string url, long? createdSince, Func<JsonObject, bool> filter, string? startingAfter, int limit)
    {
        var all = _objects.Values.Where(o => (string?)o["object"] == objectType && (createdSince is null || (long)o["created"]! >= createdSince) && filter(o))
            .OrderByDescending(o => (long)o["created"]!).ThenByDescending(o => (string)o["id"]!, StringComparer.Ordinal).ToList();
        if (startingAfter is not null) all = [.. all.SkipWhile(o => (string)o["id"]! != startingAfter).Skip(1)];
        var page = all.Take(limit).ToList();
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. page.Select(o => (JsonNode)o.DeepClone())]),
            ["has_more"] = all.Count > limit,
            ["url"] = url,
        };
    }

    public JsonObject Find(string objectType, string id, string what) =>
        _objects.TryGetValue(id, out var o) && (string?)o["object"] == objectType ? o : throw StripeApiError.Missing(what, id);

    /// <summary>A stored answer for this key, or null; the key with other parameters is Stripe's idempotency error.</summary>
    public (int Status, string Body)? Replay(string scopedKey, string fingerprint, string key)
    {
        if (!_idempotent.TryGetValue(scopedKey, out var hit)) return null;
        if (hit.Fingerprint != fingerprint)
        {
            throw new StripeApiError(400, "idempotency_error",
                $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
        }
        return (hit.Status, hit.Body);
    }

    public void Remember(string scopedKey, string fingerprint, int status, string body) => _idempotent[scopedKey] = (fingerprint, status, body);

    /// <summary>Records an event with a snapshot of the object as it is now, and delivers it.</summary>
    public JsonObject Emit(string type, JsonObject subject)
    {
        var e = new JsonObject
        {
            ["id"] = NewId("evt"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = Now,
            ["data"] = new JsonObject { ["object"] = subject.DeepClone() },
            ["livemode"] = false,
            ["pending_webhooks"] = Webhooks.Url is null ? 0 : 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        _events.Add(e);
        _emitted.Add(e);
        _objects[(string)e["id"]!] = e;
        return e;
    }

    /// <summary>The events emitted since the last call (by the request now holding the lock), to deliver once it is released.</summary>
    public IReadOnlyList<JsonObject> TakeEmitted()
    {
        var taken = _emitted.ToList();
        _emitted.Clear();
        return taken;
    }

    public void Deliver(JsonObject e) => Webhooks.Deliver(e.ToJsonString());

    public IReadOnlyList<JsonObject> EventsSnapshot()
    {
        Gate.Wait();
        try
        {
            return [.. _events.Select(e => (JsonObject)e.DeepClone())];
        }
        finally
        {
            Gate.Release();
        }
    }
}
