using System.Text.Json.Nodes;

namespace SocialFlow.StripeStandIn;

/// <summary>
/// Stripe Connect's subset: Express accounts, their onboarding links, and transfers from the platform's balance to
/// them. An account can take transfers once onboarded; the hook <c>/_standin/accounts/{id}/onboard</c> plays the
/// creator finishing Stripe's onboarding (account.updated follows). Called under the state's lock.
/// </summary>
internal static class StandInConnect
{
    public static StandInResult Account(StandInState state, StandInForm f)
    {
        var type = f.Get("type") ?? "express";
        if (type is not ("express" or "standard" or "custom")) throw StripeApiError.Param("type", $"Invalid type: {type}");
        return new(state.Add(new JsonObject
        {
            ["id"] = "acct_" + StandInState.NewId("a")[2..18],
            ["object"] = "account",
            ["type"] = type,
            ["country"] = f.Get("country") ?? "US",
            ["email"] = f.Get("email"),
            ["charges_enabled"] = false,
            ["payouts_enabled"] = false,
            ["details_submitted"] = false,
            ["created"] = StandInState.Now,
            ["metadata"] = f.Metadata(),
        }));
    }

    public static StandInResult Link(StandInState state, StandInForm f)
    {
        var account = state.Find("account", f.Get("account") ?? throw StripeApiError.Param("account", "Missing required param: account."), "account");
        var type = f.Get("type") ?? throw StripeApiError.Param("type", "Missing required param: type.");
        if (type is not ("account_onboarding" or "account_update")) throw StripeApiError.Param("type", $"Invalid type: {type}");
        foreach (var url in new[] { "refresh_url", "return_url" })
        {
            if (!Uri.TryCreate(f.Get(url), UriKind.Absolute, out _)) throw StripeApiError.Param(url, $"Not a valid URL: {url}");
        }
        var now = StandInState.Now;
        return new(new JsonObject
        {
            ["object"] = "account_link",
            ["created"] = now,
            ["expires_at"] = now + 300,
            ["url"] = $"https://connect.stripe.standin/setup/e/{(string)account["id"]!}/{StandInState.NewId("l")[2..]}",
        });
    }

    /// <summary>The creator finished onboarding: the account can take transfers and pay out.</summary>
    public static StandInResult Onboard(StandInState state, string id)
    {
        var account = state.Find("account", id, "account");
        account["details_submitted"] = true;
        account["charges_enabled"] = true;
        account["payouts_enabled"] = true;
        state.Emit("account.updated", account);
        return new(account);
    }

    public static StandInResult Transfer(StandInState state, StandInForm f)
    {
        var amount = f.Long("amount") ?? throw StripeApiError.Param("amount", "Missing required param: amount.");
        var currency = f.Get("currency") ?? throw StripeApiError.Param("currency", "Missing required param: currency.");
        var account = state.Find("account", f.Get("destination") ?? throw StripeApiError.Param("destination", "Missing required param: destination."), "account");
        if ((bool)account["payouts_enabled"]! != true)
        {
            throw new StripeApiError(400, "invalid_request_error",
                "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
                "insufficient_capabilities_for_transfer", "destination");
        }
        var transfer = state.Add(new JsonObject
        {
            ["id"] = StandInState.NewId("tr"),
            ["object"] = "transfer",
            ["amount"] = amount,
            ["currency"] = currency,
            ["destination"] = (string)account["id"]!,
            ["created"] = StandInState.Now,
            ["metadata"] = f.Metadata(),
            ["reversed"] = false,
        });
        state.Emit("transfer.created", transfer);
        return new(transfer);
    }
}
