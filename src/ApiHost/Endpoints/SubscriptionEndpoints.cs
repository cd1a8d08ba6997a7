using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Plans and subscriptions through Stripe Billing: `GET /subscriptions/plans` (the platform's, or with `?creator=` a
/// creator's tiers), the caller's `POST /subscriptions`, `PATCH|DELETE /subscriptions/{id}`, `GET /subscriptions/mine`;
/// creators' `POST /creators/me/tiers`, `PATCH|DELETE /creators/me/tiers/{id}` (who sees an item: ContentAccessEndpoints).
/// Grains are keyed by the token's user, never by the route.
/// </summary>
public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder routes)
    {
        var subscriptions = routes.MapGroup("/subscriptions").WithTags("Subscriptions");
        subscriptions.MapGet("/plans", Plans).AllowAnonymous();
        subscriptions.MapPost("", Subscribe).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        subscriptions.MapGet("/mine", Mine);
        subscriptions.MapPatch("/{id:guid}", ChangePlan).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        subscriptions.MapDelete("/{id:guid}", Cancel).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var tiers = routes.MapGroup("/creators/me/tiers").WithTags("Subscriptions");
        tiers.MapPost("", CreateTier).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        tiers.MapPatch("/{id:guid}", UpdateTier).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tiers.MapDelete("/{id:guid}", ArchiveTier).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>The platform's plans (the free plan first) or, with creator, that creator's open tiers by rank.</summary>
    public static async Task<Ok<ItemsResponse<PlanResponse>>> Plans(Guid? creator, IGrainFactory grains, IOptions<PaymentRulesOptions> rules)
    {
        var plans = await grains.Ref<ISubscriptionPlansGrain>(creator ?? PlanIds.Platform).ListAsync();
        var items = plans.Select(PlanResponse.From).ToList();
        if (creator is null) items.Insert(0, new PlanResponse(PlanIds.Free, null, "Free", "SocialFlow as everyone has it.", [], 0, 0, rules.Value.CurrencyList()[0], "month"));
        return TypedResults.Ok(new ItemsResponse<PlanResponse>(items, null));
    }

    public static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult>> Subscribe(
        SubscribeRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (request.PlanId == PlanIds.Free) return Problems.Result(422, "free_plan", "Everyone has the free plan: to leave a paid plan, cancel its subscription.");
        var result = await grains.Ref<ISubscriberGrain>(user.UserId()).SubscribeAsync(request.PlanId!.Value, request.PaymentMethodId!);
        if (result.Outcome != SubscriptionOutcome.Done) return Refused(result);
        var body = SubscriptionResponse.From(result.Subscription!);
        return TypedResults.Created($"/api/v1/subscriptions/{body.Id}", body);
    }

    public static async Task<Ok<ItemsResponse<SubscriptionResponse>>> Mine(IGrainFactory grains, ClaimsPrincipal user)
    {
        var mine = await grains.Ref<ISubscriberGrain>(user.UserId()).MineAsync();
        return TypedResults.Ok(new ItemsResponse<SubscriptionResponse>([.. mine.Select(SubscriptionResponse.From)], null));
    }

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> ChangePlan(
        Guid id, ChangePlanRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        Answer(await grains.Ref<ISubscriberGrain>(user.UserId()).ChangePlanAsync(id, request.PlanId!.Value));

    /// <summary>Ends at the end of the paid period (perks until then), or at once with now=true.</summary>
    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Cancel(Guid id, bool? now, IGrainFactory grains, ClaimsPrincipal user) =>
        Answer(await grains.Ref<ISubscriberGrain>(user.UserId()).CancelAsync(id, now ?? false));

    public static async Task<Results<Created<PlanResponse>, ValidationProblem, ProblemHttpResult>> CreateTier(
        TierRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<PaymentRulesOptions> rules)
    {
        if (AmountErrors(rules.Value, request.Amount, request.Currency) is { } bad) return bad;
        var result = await grains.Ref<ISubscriptionPlansGrain>(user.UserId()).CreateTierAsync(request.ToDraft());
        return result.Outcome == TierOutcome.Done
            ? TypedResults.Created($"/api/v1/subscriptions/plans?creator={user.UserId()}", PlanResponse.From(result.Plan!))
            : TierRefused(result.Outcome);
    }

    public static async Task<Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult>> UpdateTier(
        Guid id, TierChangesRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<PaymentRulesOptions> rules)
    {
        if (request.Amount is not null && AmountErrors(rules.Value, request.Amount, null) is { } bad) return bad;
        var result = await grains.Ref<ISubscriptionPlansGrain>(user.UserId()).UpdateTierAsync(id, request.ToChanges());
        return result.Outcome == TierOutcome.Done ? TypedResults.Ok(PlanResponse.From(result.Plan!)) : TierRefused(result.Outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ArchiveTier(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<ISubscriptionPlansGrain>(user.UserId()).ArchiveTierAsync(id) == TierOutcome.Done ? TypedResults.NoContent() : Problems.NotFound("tier");

    private static ValidationProblem? AmountErrors(PaymentRulesOptions r, long? amount, string? currency)
    {
        var errors = new FieldErrors();
        if (currency is not null && !r.Accepts(currency)) errors.Add("currency", $"must be one of: {r.Currencies}");
        if (amount is { } a && (a < r.PriceMinimum || a > r.PriceMaximum)) errors.Add("amount", $"a tier costs from {r.PriceMinimum} to {r.PriceMaximum} minor units a month");
        return errors.Any ? errors.ToProblem() : null;
    }

    private static Results<Ok<SubscriptionResponse>, ProblemHttpResult> Answer(SubscriptionResult result) =>
        result.Outcome == SubscriptionOutcome.Done ? TypedResults.Ok(SubscriptionResponse.From(result.Subscription!)) : Refused(result);

    private static ProblemHttpResult Refused(SubscriptionResult result) => result.Outcome switch
    {
        // Another creator's plan is not found either: a subscription moves only between plans of one creator (or the platform).
        SubscriptionOutcome.PlanNotFound => Problems.NotFound("plan"),
        SubscriptionOutcome.NotFound => Problems.NotFound("subscription"),
        SubscriptionOutcome.OwnPlan => Problems.Result(422, "own_plan", "You cannot subscribe to your own tiers."),
        SubscriptionOutcome.AlreadySubscribed => Problems.Result(409, "already_subscribed",
            "You have a live subscription to this creator (or to a platform plan): change its plan with PATCH /subscriptions/{id}."),
        SubscriptionOutcome.NotLive => Problems.Result(422, "subscription_not_live", "This subscription has ended, or is not paid yet."),
        SubscriptionOutcome.SamePlan => Problems.Result(422, "same_plan", "The subscription is on this plan already."),
        _ => Problems.Result(422, "invalid_payment_method", "The payment provider knows no such payment method."),
    };

    private static ProblemHttpResult TierRefused(TierOutcome outcome) => outcome switch
    {
        TierOutcome.TooMany => Problems.Result(422, "too_many_tiers", "You have as many open tiers as allowed: archive one first."),
        TierOutcome.RankTaken => Problems.Result(409, "rank_taken", "Another of your open tiers has this rank."),
        _ => Problems.NotFound("tier"),
    };
}
