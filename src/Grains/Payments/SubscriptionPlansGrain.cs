using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// A creator's membership tiers, or (key <see cref="PlanIds.Platform"/>) the platform's plans, written from configuration
/// on activation. Each plan has a Stripe product and a recurring price for its amount: made when a tier is created (a
/// Stripe that cannot be reached refuses the creation, 503) and, should a crash or a new amount have left a plan without
/// one, when the next subscriber asks for it (<see cref="PriceAsync"/>).
/// </summary>
public sealed class SubscriptionPlansGrain(SubscriptionStore store, StripeGateway stripe, IOptions<PaymentsOptions> options, TimeProvider clock)
    : Grain, ISubscriptionPlansGrain
{
    private List<PlanView> _plans = [];

    private Guid? CreatorId => this.GetPrimaryKey() == PlanIds.Platform ? null : this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (CreatorId is null)
        {
            var rank = 1;
            foreach (var (key, p) in options.Value.Plans)
            {
                var plan = new PlanView(PlanIds.Of(key), null, p.Name, p.Description, p.Perks, rank++, p.Amount, p.Currency, p.Interval, false);
                await store.SavePlanAsync(plan, key, clock.GetUtcNow());
            }
        }
        _plans = await store.PlansOfAsync(CreatorId);
    }

    public Task<IReadOnlyList<PlanView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<PlanView>>([.. _plans.Where(p => !p.Archived && (CreatorId is not null || options.Value.Plans.Keys.Any(k => PlanIds.Of(k) == p.Id))).OrderBy(p => p.Rank)]);

    public async Task<PlanView?> PriceAsync(Guid planId)
    {
        var i = _plans.FindIndex(p => p.Id == planId);
        if (i < 0) return null;
        if (_plans[i].StripePriceId is null) _plans[i] = await WithPriceAsync(_plans[i]);
        return _plans[i];
    }

    public async Task<TierResult> CreateTierAsync(TierDraft draft)
    {
        var creator = CreatorId ?? throw new InvalidOperationException("The platform's plans come from configuration.");
        var open = _plans.Where(p => !p.Archived).ToList();
        if (open.Count >= options.Value.MaxTiers) return new(TierOutcome.TooMany, null);
        if (open.Any(p => p.Rank == draft.Rank)) return new(TierOutcome.RankTaken, null);
        var plan = new PlanView(Guid.CreateVersion7(), creator, draft.Name, draft.Description, draft.Perks, draft.Rank, draft.Amount, draft.Currency, "month", false);
        await store.SavePlanAsync(plan, null, clock.GetUtcNow());
        _plans.Add(plan);
        plan = await WithPriceAsync(plan);
        _plans[_plans.FindIndex(p => p.Id == plan.Id)] = plan;
        return new(TierOutcome.Done, plan);
    }

    public async Task<TierResult> UpdateTierAsync(Guid planId, TierChanges changes)
    {
        var i = _plans.FindIndex(p => p.Id == planId && !p.Archived);
        if (CreatorId is null || i < 0) return new(TierOutcome.NotFound, null);
        var old = _plans[i];
        if (changes.Rank is { } rank && rank != old.Rank && _plans.Any(p => !p.Archived && p.Rank == rank)) return new(TierOutcome.RankTaken, null);
        var plan = old with
        {
            Name = changes.Name ?? old.Name,
            Description = changes.Description ?? old.Description,
            Perks = changes.Perks ?? old.Perks,
            Rank = changes.Rank ?? old.Rank,
            Amount = changes.Amount ?? old.Amount,
            StripePriceId = changes.Amount is { } a && a != old.Amount ? null : old.StripePriceId,
        };
        await store.SavePlanAsync(plan, null, clock.GetUtcNow());
        _plans[i] = plan.StripePriceId is null ? await WithPriceAsync(plan) : plan;
        return new(TierOutcome.Done, _plans[i]);
    }

    public async Task<TierOutcome> ArchiveTierAsync(Guid planId)
    {
        var i = _plans.FindIndex(p => p.Id == planId && !p.Archived);
        if (CreatorId is null || i < 0) return TierOutcome.NotFound;
        await store.ArchivePlanAsync(planId, clock.GetUtcNow());
        _plans[i] = _plans[i] with { Archived = true };
        return TierOutcome.Done;
    }

    private async Task<PlanView> WithPriceAsync(PlanView plan)
    {
        var (product, price) = await stripe.PlanPriceAsync(plan.Id, plan.Name, plan.Amount, plan.Currency, plan.Interval);
        await store.SetPlanPriceAsync(plan.Id, product, price);
        return plan with { StripePriceId = price };
    }
}
