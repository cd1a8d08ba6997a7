using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>A plan: the platform's (creator_id null; the free plan has amount 0) or a creator's tier. amount is charged
/// every interval, in minor units, tax included.</summary>
public sealed record PlanResponse(
    Guid Id, Guid? CreatorId, string Name, string Description, IReadOnlyList<string> Perks, int Rank, long Amount, string Currency, string Interval)
{
    public static PlanResponse From(PlanView p) => new(p.Id, p.CreatorId, p.Name, p.Description, p.Perks, p.Rank, p.Amount, p.Currency, p.Interval);
}

/// <summary>`POST /creators/me/tiers` body: a membership tier. rank orders the creator's tiers (members of a tier see
/// what is for its rank and below); amount per month in minor units, tax included.</summary>
public sealed record TierRequest(string? Name, string? Description, IReadOnlyList<string>? Perks, int? Rank, long? Amount, string? Currency) : IValidatable
{
    public const int MaxName = 60;
    public const int MaxDescription = 1000;
    public const int MaxPerks = 10;
    public const int MaxPerk = 100;

    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, MaxName);
        errors.MaxLength("description", Description, MaxDescription);
        TierChangesRequest.ValidatePerks(errors, Perks);
        if (Rank is null or < 1 or > 100) errors.Add("rank", "must be from 1 to 100");
        if (Amount is null) errors.Add("amount", "is required");
        if (Currency is null || !PaymentRequest.CurrencyPattern().IsMatch(Currency)) errors.Add("currency", "must be a lower-case ISO 4217 code such as usd");
    }

    public TierDraft ToDraft() => new(Name!.Trim(), Description?.Trim() ?? "", [.. (Perks ?? []).Select(p => p.Trim())], Rank!.Value, Amount!.Value, Currency!);
}

/// <summary>`PATCH /creators/me/tiers/{id}` body: what changes (absent: unchanged). A new amount applies to new subscribers.</summary>
public sealed record TierChangesRequest(string? Name, string? Description, IReadOnlyList<string>? Perks, int? Rank, long? Amount) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Name is not null) errors.Required("name", Name, TierRequest.MaxName);
        errors.MaxLength("description", Description, TierRequest.MaxDescription);
        ValidatePerks(errors, Perks);
        if (Rank is < 1 or > 100) errors.Add("rank", "must be from 1 to 100");
    }

    public TierChanges ToChanges() => new(Name?.Trim(), Description?.Trim(), Perks?.Select(p => p.Trim()).ToList(), Rank, Amount);

    public static void ValidatePerks(FieldErrors errors, IReadOnlyList<string>? perks)
    {
        if (perks is null) return;
        if (perks.Count > TierRequest.MaxPerks) errors.Add("perks", $"at most {TierRequest.MaxPerks}");
        if (perks.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > TierRequest.MaxPerk)) errors.Add("perks", $"each is 1 to {TierRequest.MaxPerk} characters");
    }
}

/// <summary>`POST /subscriptions` body: the plan and the Stripe payment method the app collected with Stripe's SDK.</summary>
public sealed record SubscribeRequest(Guid? PlanId, string? PaymentMethodId) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (PlanId is null || PlanId == Guid.Empty) errors.Add("plan_id", "is required");
        if (errors.Required("payment_method_id", PaymentMethodId, 255) && !PaymentRequest.StripeIdPattern().IsMatch(PaymentMethodId!))
        {
            errors.Add("payment_method_id", "must be a Stripe payment method id (pm_…)");
        }
    }
}

/// <summary>`PATCH /subscriptions/{id}` body: the plan to move to (the same creator's, or the platform's).</summary>
public sealed record ChangePlanRequest(Guid? PlanId) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (PlanId is null || PlanId == Guid.Empty) errors.Add("plan_id", "is required");
    }
}

/// <summary>A subscription: status as Stripe has it (pending, incomplete, active, past_due, canceled,
/// incomplete_expired); entitled says whether its perks apply now (past_due keeps them until grace_until);
/// client_secret while the bank asks the subscriber to authenticate the first payment.</summary>
public sealed record SubscriptionResponse(
    Guid Id, PlanResponse Plan, SubscriptionStatus Status, bool Entitled, DateTimeOffset? CurrentPeriodEnd, bool CancelAtPeriodEnd,
    DateTimeOffset? GraceUntil, string? FailureCode, string? ClientSecret, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt)
{
    public static SubscriptionResponse From(SubscriptionView s) => new(s.Id, PlanResponse.From(s.Plan), s.Status, s.Entitled, s.CurrentPeriodEnd,
        s.CancelAtPeriodEnd, s.GraceUntil, s.FailureCode, s.ClientSecret, s.CreatedAt, s.EndedAt);
}

/// <summary>`PUT /videos|posts|live/{id}/access` body: members only (from min_rank, default 1) or open to everyone.</summary>
public sealed record AccessRuleRequest(bool? MembersOnly, int? MinRank) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (MembersOnly is null) errors.Add("members_only", "is required");
        if (MinRank is < 1 or > 100) errors.Add("min_rank", "must be from 1 to 100");
        if (MembersOnly == false && MinRank is not null) errors.Add("min_rank", "only with members_only true");
    }
}

/// <summary>Who may see an item (kind video, post or live_stream), and whether the caller may: members_only from min_rank
/// of creator_id's tiers, price (videos; absent: not for sale); allowed for the caller.</summary>
public sealed record AccessResponse(
    Guid ContentId, GatedItemKind Kind, Guid CreatorId, bool MembersOnly, int? MinRank, bool Allowed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VideoPriceResponse? Price = null);

/// <summary>`POST /admin/creators/{id}/payout-hold` body: hold (true) or release (false), and why (kept in the audit log).</summary>
public sealed record PayoutHoldRequest(bool? Held, string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Held is null) errors.Add("held", "is required");
        errors.Required("reason", Reason, RefundRequest.MaxReason);
    }
}

public sealed record PayoutRunResponse(int PayoutsMade);

/// <summary>`POST /creators/me/payout-account` body: the creator's country (ISO 3166 alpha-2), where Stripe opens the account.</summary>
public sealed partial record PayoutAccountRequest(string? Country) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Country is null || !CountryPattern().IsMatch(Country)) errors.Add("country", "must be an upper-case ISO 3166 country code such as DE");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{2}$")]
    private static partial System.Text.RegularExpressions.Regex CountryPattern();
}

/// <summary>Why an item is shown without its content, and what would open it: `membership_required` (a tier of
/// creator_id from min_rank) or `purchase_required`.</summary>
public sealed record AccessLockResponse(string Reason, Guid CreatorId, int? MinRank)
{
    public static AccessLockResponse From(AccessDecision refusal) => new(
        refusal.Verdict == AccessVerdict.MembershipRequired ? "membership_required" : "purchase_required", refusal.CreatorId, refusal.MinRank);
}
