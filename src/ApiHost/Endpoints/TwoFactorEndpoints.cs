using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

public static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactorEndpoints(this IEndpointRouteBuilder routes)
    {
        var twoFactor = routes.MapGroup("/auth/2fa").WithTags("Auth");
        twoFactor.MapPost("/enable", Enable).ProducesProblem(StatusCodes.Status409Conflict);
        twoFactor.MapPost("/confirm", Confirm);
        twoFactor.MapPost("/disable", Disable).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    public static async Task<Results<Ok<TotpSetupResponse>, ProblemHttpResult>> Enable(IGrainFactory grains, ClaimsPrincipal user)
    {
        var setup = await grains.Ref<IUserGrain>(user.UserId()).BeginTotpAsync();
        return setup.AlreadyEnabled
            ? Problems.Result(409, "totp_already_enabled", "Two-factor authentication is already on; disable it first.")
            : TypedResults.Ok(new TotpSetupResponse(setup.Secret!, setup.OtpAuthUri!));
    }

    public static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> Confirm(TotpCodeRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var codes = await grains.Ref<IUserGrain>(user.UserId()).ConfirmTotpAsync(request.Code!);
        return codes is null
            ? Problems.Result(400, "invalid_totp", "The code is wrong, or there is no pending two-factor setup.")
            : TypedResults.Ok(new RecoveryCodesResponse(codes));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Disable(TotpDisableRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var outcome = await grains.Ref<IUserGrain>(user.UserId()).DisableTotpAsync(request.Password!, request.Code!);
        return outcome switch
        {
            TotpDisableOutcome.Disabled => TypedResults.NoContent(),
            TotpDisableOutcome.NotEnabled => Problems.Result(409, "totp_not_enabled", "Two-factor authentication is not on."),
            TotpDisableOutcome.WrongPassword => Problems.Result(403, "wrong_password", "The password is wrong."),
            _ => Problems.Result(403, "invalid_totp", "The two-factor code is wrong or was already used."),
        };
    }
}
