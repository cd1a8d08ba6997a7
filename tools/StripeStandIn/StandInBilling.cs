using System.Text.Json.Nodes;

namespace SocialFlow.StripeStandIn;

/// <summary>
/// Stripe Billing's subset: products, recurring prices, payment methods attached to customers, subscriptions with their
/// invoices (first, cycle and proration invoices, each paid through a payment intent with the customer's test card),
/// plan changes with proration (<c>always_invoice</c>: the difference for the rest of the period, charged at once, or
/// credited to the customer's balance), cancellation at period end or now. Time does not pass by itself: the hook
/// <c>/_standin/subscriptions/{id}/renew</c> ends the current period (see <see cref="Renew"/>). Called under the state's lock.
/// </summary>
internal static class StandInBilling
{
    public static StandInResult Product(StandInState state, StandInForm f) => new(state.Add(new JsonObject
    {
        ["id"] = StandInState.NewId("prod"),
        ["object"] = "product",
        ["active"] = true,
        ["name"] = f.Get("name") ?? throw StripeApiError.Param("name", "Missing required param: name."),
        ["description"] = f.Get("description"),
        ["created"] = StandInState.Now,
        ["livemode"] = false,
        ["metadata"] = f.Metadata(),
    }));

    public static StandInResult Price(StandInState state, StandInForm f)
    {
        var product = f.Get("product") ?? throw StripeApiError.Param("product", "Missing required param: product.");
        state.Find("product", product, "product");
        var amount = f.Long("unit_amount") ?? throw StripeApiError.Param("unit_amount", "Missing required param: unit_amount.");
        var currency = f.Get("currency")?.ToLowerInvariant() ?? throw StripeApiError.Param("currency", "Missing required param: currency.");
        var interval = f.Get("recurring[interval]");
        if (interval is not (null or "day" or "week" or "month" or "year")) throw StripeApiError.Param("recurring[interval]", $"Invalid recurring[interval]: {interval}");
        return new(state.Add(new JsonObject
        {
            ["id"] = StandInState.NewId("price"),
            ["object"] = "price",
            ["active"] = true,
            ["currency"] = currency,
            ["product"] = product,
            ["unit_amount"] = amount,
            ["type"] = interval is null ? "one_time" : "recurring",
            ["recurring"] = interval is null ? null : new JsonObject { ["interval"] = interval, ["interval_count"] = 1, ["usage_type"] = "licensed" },
            ["created"] = StandInState.Now,
            ["livemode"] = false,
            ["metadata"] = f.Metadata(),
        }));
    }

    public static StandInResult Attach(StandInState state, string paymentMethod, StandInForm f)
    {
        var customer = state.Find("customer", f.Get("customer") ?? throw StripeApiError.Param("customer", "Missing required param: customer."), "customer");
        var pm = StandInObjects.PaymentMethod(paymentMethod);
        var attached = customer[AttachedMethods] as JsonArray ?? [];
        if (!attached.Any(a => (string?)a == paymentMethod)) attached.Add(paymentMethod);
        customer[AttachedMethods] = attached;
        pm["customer"] = (string)customer["id"]!;
        return new(pm);
    }

    /// <summary>
    /// A subscription to one recurring price: its first invoice is charged at once with the default payment method. Paid:
    /// active. Needing the bank's challenge or declined: <c>incomplete</c>, its invoice open (payment_behavior
    /// allow_incomplete or default_incomplete); error_if_incomplete turns a decline into the card error instead.
    /// </summary>
    public static StandInResult CreateSubscription(StandInState state, StandInForm f)
    {
        var customer = state.Find("customer", f.Get("customer") ?? throw StripeApiError.Param("customer", "Missing required param: customer."), "customer");
        var price = state.Find("price", f.Get("items[0][price]") ?? throw StripeApiError.Param("items", "Missing required param: items."), "price");
        if (price["recurring"] is null) throw StripeApiError.Param("items[0][price]", "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.");
        var pm = f.Get("default_payment_method");
        if (pm is not null && !(customer[AttachedMethods] as JsonArray ?? []).Any(a => (string?)a == pm))
        {
            throw StripeApiError.Param("default_payment_method", $"The customer does not have a payment method with the ID {pm}. The payment method must be attached to the customer.");
        }
        var now = StandInState.Now;
        var id = StandInState.NewId("sub");
        var subscription = state.Add(new JsonObject
        {
            ["id"] = id,
            ["object"] = "subscription",
            ["billing_cycle_anchor"] = now,
            ["cancel_at"] = null,
            ["cancel_at_period_end"] = false,
            ["canceled_at"] = null,
            ["collection_method"] = "charge_automatically",
            ["created"] = now,
            ["currency"] = (string)price["currency"]!,
            ["customer"] = (string)customer["id"]!,
            ["default_payment_method"] = pm,
            ["ended_at"] = null,
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(Item(id, price, now, End(now, price))),
                ["has_more"] = false,
                ["url"] = $"/v1/subscription_items?subscription={id}",
            },
            ["latest_invoice"] = null,
            ["livemode"] = false,
            ["metadata"] = f.Metadata(),
            ["start_date"] = now,
            ["status"] = "incomplete",
        });
        state.Emit("customer.subscription.created", subscription);
        var invoice = Invoice(state, subscription, (long)price["unit_amount"]!, "subscription_create", now, End(now, price));
        try
        {
            Charge(state, invoice, pm);
        }
        catch (StripeApiError e) when (e.Status == 402 && f.Get("payment_behavior") != "error_if_incomplete")
        {
            // the subscription stays incomplete with its open invoice: a new payment method or Stripe's retry may pay it
        }
        return new(Expanded(state, subscription, f.Expand()));
    }

    public static JsonObject GetSubscription(StandInState state, string id, IReadOnlyList<string> expand) =>
        Expanded(state, state.Find("subscription", id, "subscription"), expand);

    /// <summary>Changes the price (proration_behavior always_invoice charges the difference now, create_prorations
    /// credits or debits the customer's balance for the next invoice, none changes only the price), or sets
    /// cancel_at_period_end.</summary>
    public static StandInResult UpdateSubscription(StandInState state, string id, StandInForm f)
    {
        var subscription = state.Find("subscription", id, "subscription");
        var status = (string)subscription["status"]!;
        if (status is "canceled" or "incomplete_expired")
        {
            throw new StripeApiError(400, "invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.");
        }
        if (f.Get("cancel_at_period_end") is { } cancel)
        {
            subscription["cancel_at_period_end"] = cancel == "true";
            subscription["cancel_at"] = cancel == "true" ? (long)Item(subscription)["current_period_end"]! : null;
        }
        if (f.Get("items[0][price]") is { } priceId)
        {
            var item = Item(subscription);
            if (f.Get("items[0][id]") is { } itemId && itemId != (string?)item["id"]) throw StripeApiError.Missing("subscription_item", itemId);
            var price = state.Find("price", priceId, "price");
            var old = (JsonObject)item["price"]!;
            if ((string?)price["currency"] != (string?)old["currency"]) throw StripeApiError.Param("items[0][price]", "The price's currency must match the subscription's.");
            var (start, end, now) = ((long)item["current_period_start"]!, (long)item["current_period_end"]!, StandInState.Now);
            var difference = (long)Math.Round(((long)price["unit_amount"]! - (long)old["unit_amount"]!) * (decimal)Math.Max(0, end - now) / Math.Max(1, end - start), MidpointRounding.AwayFromZero);
            item["price"] = price.DeepClone();
            item["plan"] = PlanOf(price);
            var behavior = f.Get("proration_behavior") ?? "create_prorations";
            if (behavior == "always_invoice" && difference > 0)
            {
                var invoice = Invoice(state, subscription, difference, "subscription_update", now, end);
                try
                {
                    Charge(state, invoice, (string?)subscription["default_payment_method"]);
                }
                catch (StripeApiError e) when (e.Status == 402 && f.Get("payment_behavior") != "error_if_incomplete")
                {
                    // the proration invoice stays open, as on Stripe with allow_incomplete
                }
            }
            else if (behavior != "none" && difference != 0)
            {
                var customer = state.Find("customer", (string)subscription["customer"]!, "customer");
                customer["balance"] = ((long?)customer["balance"] ?? 0) + difference;
            }
        }
        foreach (var (k, v) in f.Metadata()) ((JsonObject)subscription["metadata"]!)[k] = v?.DeepClone();
        state.Emit("customer.subscription.updated", subscription);
        return new(Expanded(state, subscription, f.Expand()));
    }

    public static StandInResult Cancel(StandInState state, string id)
    {
        var subscription = state.Find("subscription", id, "subscription");
        if ((string)subscription["status"]! == "canceled") throw new StripeApiError(404, "invalid_request_error", $"No such subscription: '{id}'", "resource_missing");
        End(state, subscription);
        return new(Expanded(state, subscription, []));
    }

    /// <summary>
    /// The stand-in's clock for one subscription: its period ends now. Set to cancel at period end: it ends (deleted).
    /// Otherwise the next period's invoice is charged (<paramref name="fail"/>: the card is refused this time): paid, the
    /// subscription is active for the new period; refused, it is past_due with the invoice open. A past_due
    /// subscription's renewal retries its open invoice; a second refusal ends it (Stripe's "cancel after all retries").
    /// </summary>
    public static StandInResult Renew(StandInState state, string id, bool fail)
    {
        var subscription = state.Find("subscription", id, "subscription");
        var status = (string)subscription["status"]!;
        if (status is "canceled" or "incomplete" or "incomplete_expired")
        {
            throw new StripeApiError(400, "invalid_request_error", $"A subscription in status {status} does not renew.", "subscription_unexpected_state");
        }
        if ((bool)subscription["cancel_at_period_end"]!)
        {
            End(state, subscription);
            return new(Expanded(state, subscription, []));
        }
        var item = Item(subscription);
        JsonObject invoice;
        if (status == "past_due")
        {
            invoice = state.Find("invoice", (string)subscription["latest_invoice"]!, "invoice");
        }
        else
        {
            var price = (JsonObject)item["price"]!;
            var start = (long)item["current_period_end"]!;
            var customer = state.Find("customer", (string)subscription["customer"]!, "customer");
            var balance = (long?)customer["balance"] ?? 0;
            var due = Math.Max(0, (long)price["unit_amount"]! + balance);
            customer["balance"] = Math.Min(0, (long)price["unit_amount"]! + balance);
            invoice = Invoice(state, subscription, due, "subscription_cycle", start, End(start, price));
        }
        try
        {
            Charge(state, invoice, fail ? "pm_card_chargeDeclined" : (string?)subscription["default_payment_method"]);
        }
        catch (StripeApiError e) when (e.Status == 402)
        {
            if (status == "past_due") End(state, subscription);
        }
        return new(Expanded(state, subscription, []));
    }

    public static JsonObject GetInvoice(StandInState state, string id, IReadOnlyList<string> expand) =>
        InvoiceView(state, state.Find("invoice", id, "invoice"), expand.Contains("confirmation_secret"));

    /// <summary>The invoice's intent succeeded: the invoice is paid; the subscription is active for the invoice's period.</summary>
    public static void InvoicePaid(StandInState state, JsonObject invoice)
    {
        invoice["status"] = "paid";
        invoice["amount_paid"] = (long)invoice["amount_due"]!;
        invoice["amount_remaining"] = 0L;
        var subscription = state.Find("subscription", SubscriptionOf(invoice), "subscription");
        var item = Item(subscription);
        if ((string)invoice["billing_reason"]! != "subscription_update")
        {
            item["current_period_start"] = (long)invoice["period_start"]!;
            item["current_period_end"] = (long)invoice["period_end"]!;
        }
        subscription["status"] = "active";
        state.Emit("invoice.paid", InvoiceView(state, invoice, false));
        state.Emit("customer.subscription.updated", subscription);
    }

    /// <summary>The invoice's intent was refused (or its challenge failed): a renewal makes the subscription past_due.</summary>
    public static void InvoiceFailed(StandInState state, JsonObject invoice)
    {
        invoice["attempt_count"] = ((long?)invoice["attempt_count"] ?? 0) + 1;
        state.Emit("invoice.payment_failed", InvoiceView(state, invoice, false));
        var subscription = state.Find("subscription", SubscriptionOf(invoice), "subscription");
        if ((string)invoice["billing_reason"]! == "subscription_cycle" && (string)subscription["status"]! == "active")
        {
            subscription["status"] = "past_due";
            state.Emit("customer.subscription.updated", subscription);
        }
    }

    private const string AttachedMethods = "payment_methods_standin";
    private const string IntentOf = "payment_intent_standin";

    private static JsonObject Invoice(StandInState state, JsonObject subscription, long amount, string reason, long start, long end)
    {
        var invoice = state.Add(new JsonObject
        {
            ["id"] = StandInState.NewId("in"),
            ["object"] = "invoice",
            ["amount_due"] = amount,
            ["amount_paid"] = 0L,
            ["amount_remaining"] = amount,
            ["attempt_count"] = 0L,
            ["billing_reason"] = reason,
            ["collection_method"] = "charge_automatically",
            ["created"] = StandInState.Now,
            ["currency"] = (string)subscription["currency"]!,
            ["customer"] = (string)subscription["customer"]!,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = (string)subscription["id"]!, ["metadata"] = subscription["metadata"]!.DeepClone() },
            },
            ["period_end"] = end,
            ["period_start"] = start,
            ["status"] = "open",
            ["subtotal"] = amount,
            ["total"] = amount,
        });
        subscription["latest_invoice"] = (string)invoice["id"]!;
        return invoice;
    }

    /// <summary>Pays an open invoice with a payment method: nothing due is paid at once; otherwise through a payment
    /// intent, whose success or refusal (now, or after the bank's challenge) settles the invoice.</summary>
    private static void Charge(StandInState state, JsonObject invoice, string? paymentMethod)
    {
        if ((long)invoice["amount_due"]! == 0)
        {
            InvoicePaid(state, invoice);
            return;
        }
        var intentId = StandInState.NewId("pi");
        var intent = state.Add(new JsonObject
        {
            ["id"] = intentId,
            ["object"] = "payment_intent",
            ["amount"] = (long)invoice["amount_due"]!,
            ["amount_capturable"] = 0,
            ["amount_received"] = 0,
            ["capture_method"] = "automatic",
            ["client_secret"] = $"{intentId}_secret_{StandInState.NewId("s")[2..]}",
            ["confirmation_method"] = "automatic",
            ["created"] = StandInState.Now,
            ["currency"] = (string)invoice["currency"]!,
            ["customer"] = (string)invoice["customer"]!,
            ["description"] = "Subscription",
            ["last_payment_error"] = null,
            ["latest_charge"] = null,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["next_action"] = null,
            ["payment_method"] = paymentMethod,
            ["payment_method_types"] = new JsonArray("card"),
            ["status"] = "requires_confirmation",
            ["amount_refunded_standin"] = 0L,
            [StandInObjects.InvoiceOf] = (string)invoice["id"]!,
        });
        invoice[IntentOf] = intentId;
        if (paymentMethod is null)
        {
            InvoiceFailed(state, invoice);
            throw new StripeApiError(402, "card_error", "This customer has no attached payment source or default payment method.", "resource_missing");
        }
        StandInObjects.Confirm(state, intent, null);
    }

    private static void End(StandInState state, JsonObject subscription)
    {
        var now = StandInState.Now;
        subscription["status"] = "canceled";
        subscription["canceled_at"] ??= now;
        subscription["ended_at"] = now;
        state.Emit("customer.subscription.deleted", subscription);
    }

    private static JsonObject Item(string subscription, JsonObject price, long start, long end) => new()
    {
        ["id"] = StandInState.NewId("si"),
        ["object"] = "subscription_item",
        ["created"] = start,
        ["current_period_end"] = end,
        ["current_period_start"] = start,
        ["metadata"] = new JsonObject(),
        ["plan"] = PlanOf(price),
        ["price"] = price.DeepClone(),
        ["quantity"] = 1,
        ["subscription"] = subscription,
    };

    private static JsonObject PlanOf(JsonObject price) => new()
    {
        ["id"] = (string)price["id"]!,
        ["object"] = "plan",
        ["active"] = true,
        ["amount"] = (long)price["unit_amount"]!,
        ["currency"] = (string)price["currency"]!,
        ["interval"] = (string)price["recurring"]!["interval"]!,
        ["interval_count"] = 1,
        ["product"] = (string)price["product"]!,
    };

    private static JsonObject Item(JsonObject subscription) => (JsonObject)subscription["items"]!["data"]![0]!;

    private static string SubscriptionOf(JsonObject invoice) => (string)invoice["parent"]!["subscription_details"]!["subscription"]!;

    private static long End(long start, JsonObject price)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(start);
        var to = (string)price["recurring"]!["interval"]! switch
        {
            "day" => from.AddDays(1),
            "week" => from.AddDays(7),
            "year" => from.AddYears(1),
            _ => from.AddMonths(1),
        };
        return to.ToUnixTimeSeconds();
    }

    private static JsonObject Expanded(StandInState state, JsonObject subscription, IReadOnlyList<string> expand)
    {
        var copy = (JsonObject)subscription.DeepClone();
        if (expand.Any(e => e.StartsWith("latest_invoice", StringComparison.Ordinal)) && (string?)subscription["latest_invoice"] is { } invoice)
        {
            copy["latest_invoice"] = InvoiceView(state, state.Find("invoice", invoice, "invoice"), expand.Contains("latest_invoice.confirmation_secret"));
        }
        return copy;
    }

    /// <summary>The invoice as the API shows it; its confirmation_secret (the intent's client secret) only when expanded
    /// and while it is open.</summary>
    private static JsonObject InvoiceView(StandInState state, JsonObject invoice, bool withSecret)
    {
        var copy = (JsonObject)invoice.DeepClone();
        copy.Remove(IntentOf);
        if (withSecret && (string?)invoice["status"] == "open" && (string?)invoice[IntentOf] is { } intent)
        {
            var secret = (string?)state.Find("payment_intent", intent, "payment_intent")["client_secret"];
            copy["confirmation_secret"] = new JsonObject { ["type"] = "payment_intent", ["client_secret"] = secret };
        }
        return copy;
    }
}
