using System.Text.Json.Nodes;

namespace SocialFlow.StripeStandIn;

/// <summary>Stripe's objects and what its API does to them, for the subset the stand-in serves. Called under the state's lock.</summary>
internal static class StandInObjects
{
    private static readonly string[] RefundReasons = ["duplicate", "fraudulent", "requested_by_customer"];

    public static StandInResult Customer(StandInState state, StandInForm f) => new(state.Add(new JsonObject
    {
        ["id"] = StandInState.NewId("cus"),
        ["object"] = "customer",
        ["created"] = StandInState.Now,
        ["email"] = f.Get("email"),
        ["name"] = f.Get("name"),
        ["description"] = f.Get("description"),
        ["livemode"] = false,
        ["metadata"] = f.Metadata(),
    }));

    public static JsonObject PaymentMethod(string id)
    {
        var card = TestCards.Find(id) ?? throw StripeApiError.Missing("PaymentMethod", id);
        return new JsonObject
        {
            ["id"] = card.Id,
            ["object"] = "payment_method",
            ["type"] = "card",
            ["card"] = new JsonObject
            {
                ["brand"] = card.Brand, ["country"] = card.Country, ["last4"] = card.Last4, ["exp_month"] = 12, ["exp_year"] = 2034, ["funding"] = "credit",
            },
            ["created"] = 1_700_000_000,
            ["customer"] = null,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
        };
    }

    public static StandInResult CreateIntent(StandInState state, StandInForm f)
    {
        var amount = f.Long("amount") ?? throw StripeApiError.Param("amount", "Missing required param: amount.");
        var currency = f.Get("currency")?.ToLowerInvariant() ?? throw StripeApiError.Param("currency", "Missing required param: currency.");
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterLower)) throw StripeApiError.Param("currency", $"Invalid currency: {currency}.");
        if (f.Get("customer") is { } customer) state.Find("customer", customer, "customer");
        var pm = f.Get("payment_method");
        if (pm is not null && TestCards.Find(pm) is null) throw StripeApiError.Missing("PaymentMethod", pm);
        var id = StandInState.NewId("pi");
        var intent = state.Add(new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0,
            ["amount_received"] = 0,
            ["capture_method"] = "automatic",
            ["client_secret"] = $"{id}_secret_{StandInState.NewId("s")[2..]}",
            ["confirmation_method"] = "automatic",
            ["created"] = StandInState.Now,
            ["currency"] = currency,
            ["customer"] = f.Get("customer"),
            ["description"] = f.Get("description"),
            ["last_payment_error"] = null,
            ["latest_charge"] = null,
            ["livemode"] = false,
            ["metadata"] = f.Metadata(),
            ["next_action"] = null,
            ["payment_method"] = pm,
            ["payment_method_types"] = new JsonArray("card"),
            ["status"] = pm is null ? "requires_payment_method" : "requires_confirmation",
        });
        intent["amount_refunded_standin"] = 0L;
        return f.Get("confirm") == "true" ? Confirm(state, intent, null) : new(Public(intent));
    }

    /// <summary>Confirms with the intent's (or the given) payment method: the test card decides what happens.</summary>
    public static StandInResult Confirm(StandInState state, JsonObject intent, string? paymentMethod)
    {
        var status = (string)intent["status"]!;
        if (status is not ("requires_payment_method" or "requires_confirmation"))
        {
            throw new StripeApiError(400, "invalid_request_error",
                $"You cannot confirm this PaymentIntent because it has a status of {status}.", "payment_intent_unexpected_state");
        }
        if (paymentMethod is not null) intent["payment_method"] = paymentMethod;
        var card = TestCards.Find((string?)intent["payment_method"])
            ?? throw StripeApiError.Param("payment_method", "You must provide a payment method to confirm this PaymentIntent.");
        intent["last_payment_error"] = null;
        switch (card.Outcome)
        {
            case CardOutcome.Succeeds:
                Succeed(state, intent);
                return new(Public(intent));
            case CardOutcome.RequiresAction:
                intent["status"] = "requires_action";
                intent["next_action"] = new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect" } };
                state.Emit("payment_intent.requires_action", Public(intent));
                return new(Public(intent));
            default:
                var error = Decline(state, intent, "card_declined", card.DeclineCode, "Your card was declined.");
                error.Error["payment_intent"] = Public(intent);
                throw error;
        }
    }

    /// <summary>The stand-in's hook: the customer passed (or failed) the bank's challenge of a requires_action intent.</summary>
    public static StandInResult Authenticate(StandInState state, JsonObject intent, bool succeed, bool deliver)
    {
        if ((string?)intent["status"] != "requires_action")
        {
            throw new StripeApiError(400, "invalid_request_error", "This PaymentIntent is not awaiting authentication.", "payment_intent_unexpected_state");
        }
        intent["next_action"] = null;
        if (succeed)
        {
            Succeed(state, intent);
            return new(Public(intent), deliver);
        }
        Decline(state, intent, "payment_intent_authentication_failure", null,
            "We are unable to authenticate your payment method. Please choose a different payment method and try again.");
        return new(Public(intent), deliver);
    }

    public static StandInResult Refund(StandInState state, StandInForm f)
    {
        var pi = f.Get("payment_intent") ?? throw StripeApiError.Param("payment_intent", "One of charge or payment_intent is required.");
        var intent = state.Find("payment_intent", pi, "payment_intent");
        if ((string?)intent["status"] != "succeeded")
        {
            throw new StripeApiError(400, "invalid_request_error", $"This PaymentIntent ({pi}) does not have a successful charge to refund.", "charge_not_refundable");
        }
        var received = (long)intent["amount_received"]!;
        var refunded = (long)intent["amount_refunded_standin"]!;
        if (refunded >= received) throw new StripeApiError(400, "invalid_request_error", $"Charge {intent["latest_charge"]} has already been refunded.", "charge_already_refunded");
        var amount = f.Long("amount") ?? received - refunded;
        if (amount > received - refunded)
        {
            throw new StripeApiError(400, "invalid_request_error",
                $"Refund amount ({amount}) is greater than unrefunded amount on charge ({received - refunded})", "amount_too_large", "amount");
        }
        var reason = f.Get("reason");
        if (reason is not null && !RefundReasons.Contains(reason)) throw StripeApiError.Param("reason", $"Invalid reason: must be one of {string.Join(", ", RefundReasons)}");
        intent["amount_refunded_standin"] = refunded + amount;
        var refund = state.Add(new JsonObject
        {
            ["id"] = StandInState.NewId("re"),
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = (string?)intent["latest_charge"],
            ["created"] = StandInState.Now,
            ["currency"] = (string?)intent["currency"],
            ["metadata"] = f.Metadata(),
            ["payment_intent"] = pi,
            ["reason"] = reason,
            ["status"] = "succeeded",
        });
        state.Emit("refund.created", refund);
        return new(refund);
    }

    private static void Succeed(StandInState state, JsonObject intent)
    {
        intent["status"] = "succeeded";
        intent["next_action"] = null;
        intent["amount_received"] = (long)intent["amount"]!;
        intent["latest_charge"] = StandInState.NewId("ch");
        state.Emit("payment_intent.succeeded", Public(intent));
        if ((string?)intent[InvoiceOf] is { } invoice) StandInBilling.InvoicePaid(state, state.Find("invoice", invoice, "invoice"));
    }

    /// <summary>The stand-in's own field on an intent that pays an invoice (removed by <see cref="Public"/>).</summary>
    public const string InvoiceOf = "invoice_standin";

    internal static StripeApiError Decline(StandInState state, JsonObject intent, string code, string? declineCode, string message)
    {
        intent["status"] = "requires_payment_method";
        var lastError = new JsonObject { ["type"] = "card_error", ["code"] = code, ["message"] = message };
        if (declineCode is not null) lastError["decline_code"] = declineCode;
        lastError["payment_method"] = PaymentMethod((string)intent["payment_method"]!);
        intent["last_payment_error"] = lastError;
        var error = new StripeApiError(402, "card_error", message, code);
        if (declineCode is not null) error.Error["decline_code"] = declineCode;
        state.Emit("payment_intent.payment_failed", Public(intent));
        if ((string?)intent[InvoiceOf] is { } invoice) StandInBilling.InvoiceFailed(state, state.Find("invoice", invoice, "invoice"));
        return error;
    }

    /// <summary>The object as the API shows it (without the stand-in's own bookkeeping).</summary>
    public static JsonObject Public(JsonObject intent)
    {
        var copy = (JsonObject)intent.DeepClone();
        copy.Remove("amount_refunded_standin");
        copy.Remove(InvoiceOf);
        return copy;
    }
}
