using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Creators' payouts through Stripe Connect: `POST /creators/me/payout-account` (the account, created once, and a fresh
/// onboarding link), `GET /creators/me/earnings` (available, pending and paid out per currency; per day; the latest
/// payouts); admins' `POST /admin/creators/{id}/payout-hold` and `POST /admin/payouts/run`, both audited.
/// </summary>
public static class PayoutEndpoints
{
    public static IEndpointRouteBuilder MapPayoutEndpoints(this IEndpointRouteBuilder routes)
    {
        var creators = routes.MapGroup("/creators/me").WithTags("Payouts");
        creators.MapPost("/payout-account", Onboard);
        creators.MapGet("/earnings", Earnings);
        var admin = routes.MapGroup("/admin").WithTags("Payouts").RequireAuthorization(p => p.RequireRole(AccountRoles.Admin));
        admin.MapPost("/creators/{id:guid}/payout-hold", Hold).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/payouts/run", Run);
        return routes;
    }

    /// <summary>The country is the creator's (Stripe opens the account there); it is ignored once the account exists.</summary>
    public static async Task<Ok<PayoutAccountView>> Onboard(PayoutAccountRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Ref<ICreatorPayoutGrain>(user.UserId()).OnboardAsync(request.Country!));

    public static async Task<Ok<EarningsView>> Earnings(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Ref<ICreatorPayoutGrain>(user.UserId()).EarningsAsync());

    public static async Task<Results<NoContent, ProblemHttpResult>> Hold(Guid id, PayoutHoldRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        await grains.Ref<ICreatorPayoutGrain>(id).SetHoldAsync(request.Held!.Value, request.Reason!.Trim(), new AuditActor(user.UserId(), http.TraceIdentifier))
            ? TypedResults.NoContent()
            : Problems.NotFound("payout account");

    /// <summary>Runs the payouts now (they also run on a reminder): how many were made.</summary>
    public static async Task<Ok<PayoutRunResponse>> Run(IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        TypedResults.Ok(new PayoutRunResponse(await grains.Ref<IPayoutSchedulerGrain>(0).RunAsync(new AuditActor(user.UserId(), http.TraceIdentifier))));
}
