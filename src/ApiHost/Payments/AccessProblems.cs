using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Payments;

/// <summary>The 403 for content a viewer may not see, naming what would grant it: membership_required (the creator,
/// the lowest rank that opens it, where to find the tiers), purchase_required (the price, and how to pay it) or
/// premium_required (the platform plan perk).</summary>
public static class AccessProblems
{
    public static ProblemHttpResult Refused(Guid contentId, AccessDecision decision)
    {
        var membership = decision.Verdict == AccessVerdict.MembershipRequired;
        var problem = membership
            ? Problems.Create(403, "membership_required", $"This is for members of the creator's tiers of rank {decision.MinRank} or above.")
            : Problems.Create(403, "purchase_required", "This video is for its buyers: buy it to watch.");
        problem.Extensions["creator_id"] = decision.CreatorId;
        if (membership)
        {
            problem.Extensions["min_rank"] = decision.MinRank;
            problem.Extensions["plans"] = $"/api/v1/subscriptions/plans?creator={decision.CreatorId}";
        }
        if (decision.Price is { } price)
        {
            problem.Extensions["price"] = new { amount = price.Amount, currency = price.Currency };
            problem.Extensions["purchase"] = new { method = "POST", path = "/api/v1/payments", kind = "video_purchase", target_id = contentId };
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>What only a platform plan with <paramref name="perk"/> opens (e.g. the HD renditions): premium_required.</summary>
    public static ProblemHttpResult PremiumRequired(string perk)
    {
        var problem = Problems.Create(403, "premium_required", "This is for subscribers of a platform plan that includes it.");
        problem.Extensions["perk"] = perk;
        problem.Extensions["plans"] = "/api/v1/subscriptions/plans";
        return TypedResults.Problem(problem);
    }
}
