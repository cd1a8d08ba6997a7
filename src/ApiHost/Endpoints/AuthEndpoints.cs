using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/register", Register).AllowAnonymous().ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/login", Login).AllowAnonymous().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapPost("/refresh", Refresh).AllowAnonymous().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapPost("/logout", Logout);
        auth.MapPost("/verify-email", VerifyEmail).AllowAnonymous();
        auth.MapPost("/resend-verification", ResendVerification);
        auth.MapPost("/forgot-password", ForgotPassword).AllowAnonymous();
        auth.MapPost("/reset-password", ResetPassword).AllowAnonymous();
        auth.MapPost("/change-password", ChangePassword).ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    public static async Task<Results<Created<RegisterResponse>, ProblemHttpResult>> Register(
        RegisterRequest request, IGrainFactory grains, LoginThrottle throttle, HttpContext http)
    {
        if (await throttle.RegistrationAsync(ClientIp(http)) is { Allowed: false } limited) return TooMany(limited.RetryAfter);
        var id = Guid.CreateVersion7();
        var outcome = await grains.Ref<IUserGrain>(id).RegisterAsync(
            new RegisterCommand(request.Email!, request.Username!, request.Password!, request.DisplayName?.Trim() is { Length: > 0 } d ? d : null));
        return outcome switch
        {
            RegisterOutcome.Created => TypedResults.Created($"/api/v1/users/{request.Username}", new RegisterResponse(id, request.Username!, request.Email!, false)),
            RegisterOutcome.EmailTaken => Problems.Result(409, "email_taken", "An account with this email already exists."),
            RegisterOutcome.UsernameTaken => Problems.Result(409, "username_taken", "This username is taken."),
            _ => Problems.Result(409, "conflict", "The account could not be created; try again."),
        };
    }

    public static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Login(
        LoginRequest request, IGrainFactory grains, LoginThrottle throttle, AccessTokenIssuer tokens, HttpContext http)
    {
        var login = request.Login!.Trim();
        if (await throttle.LoginAttemptAsync(ClientIp(http)) is { Allowed: false } ipLimited) return TooMany(ipLimited.RetryAfter);
        var directory = grains.Ref<IAccountDirectoryGrain>(0);
        var userId = await directory.FindByLoginAsync(login);
        if (await throttle.AccountLockedAsync(userId, login) is { Allowed: false } locked) return TooMany(locked.RetryAfter);

        var result = userId is { } id
            ? await grains.Ref<IUserGrain>(id).SignInAsync(new SignInCommand(request.Password!, request.TotpCode, Client(http)))
            : await directory.RefuseUnknownLoginAsync(request.Password!);
        switch (result.Status)
        {
            case SignInStatus.Succeeded:
                await throttle.ResetFailuresAsync(userId!.Value);
                return TypedResults.Ok(tokens.Issue(userId!.Value, result));
            case SignInStatus.TotpRequired:
                return Problems.Result(401, "totp_required", "This account uses two-factor authentication: send totp_code.");
            case SignInStatus.Disabled:
                return Problems.Result(403, "account_disabled", "This account is disabled.");
            case SignInStatus.Suspended:
                return Problems.Suspended(result.SuspendedUntil);
            default:
                await throttle.RecordFailureAsync(userId, login);
                return result.Status == SignInStatus.InvalidTotp
                    ? Problems.Result(401, "invalid_totp", "The two-factor code is wrong or was already used.")
                    : Problems.Result(401, "invalid_credentials", "The login or password is wrong.");
        }
    }

    public static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Refresh(
        RefreshRequest request, IGrainFactory grains, AccessTokenIssuer tokens, SessionCache sessions, HttpContext http)
    {
        if (!OpaqueToken.TryParse(request.RefreshToken, out var token)) return InvalidRefreshToken();
        var result = await grains.Ref<IUserGrain>(token.UserId).RefreshAsync(token.Value, Client(http));
        if (result.Status == SignInStatus.TokenReused) await sessions.ForgetUserAsync(token.UserId);
        return result.Status switch
        {
            SignInStatus.Succeeded => TypedResults.Ok(tokens.Issue(token.UserId, result)),
            SignInStatus.Suspended => Problems.Suspended(result.SuspendedUntil),
            SignInStatus.TokenReused => Problems.Result(401, "refresh_token_reused",
                "This refresh token was already used; the session has been ended. Sign in again."),
            _ => InvalidRefreshToken(),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Logout(
        RefreshRequest request, IGrainFactory grains, SessionCache sessions, ClaimsPrincipal user)
    {
        if (!OpaqueToken.TryParse(request.RefreshToken, out var token) || token.UserId != user.UserId()) return InvalidRefreshToken();
        if (!await grains.Ref<IUserGrain>(token.UserId).SignOutAsync(token.Value)) return InvalidRefreshToken();
        await sessions.ForgetUserAsync(token.UserId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> VerifyEmail(TokenRequest request, IGrainFactory grains)
    {
        if (OpaqueToken.TryParse(request.Token, out var token) && await grains.Ref<IUserGrain>(token.UserId).VerifyEmailAsync(token.Value))
        {
            return TypedResults.NoContent();
        }
        return Problems.Result(400, "invalid_token", "The verification token is invalid, expired or already used.");
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ResendVerification(IGrainFactory grains, LoginThrottle throttle, ClaimsPrincipal user)
    {
        if (await throttle.PasswordEmailAsync($"verify:{user.UserId()}") is { Allowed: false } limited) return TooMany(limited.RetryAfter);
        await grains.Ref<IUserGrain>(user.UserId()).ResendVerificationAsync();
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Always 202, so the answer does not tell whether the address has an account.</summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> ForgotPassword(ForgotPasswordRequest request, IGrainFactory grains, LoginThrottle throttle)
    {
        if (await throttle.PasswordEmailAsync(request.Email!) is { Allowed: false } limited) return TooMany(limited.RetryAfter);
        if (await grains.Ref<IAccountDirectoryGrain>(0).FindByEmailAsync(request.Email!) is { } userId)
        {
            await grains.Ref<IUserGrain>(userId).RequestPasswordResetAsync();
        }
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(
        ResetPasswordRequest request, IGrainFactory grains, LoginThrottle throttle, SessionCache sessions)
    {
        if (!OpaqueToken.TryParse(request.Token, out var token)) return InvalidResetToken();
        if (await throttle.ResetAttemptAsync(token.UserId.ToString("N")) is { Allowed: false } limited) return TooMany(limited.RetryAfter);
        if (!await grains.Ref<IUserGrain>(token.UserId).ResetPasswordAsync(token.Value, request.NewPassword!)) return InvalidResetToken();
        await sessions.ForgetUserAsync(token.UserId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(ChangePasswordRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var outcome = await grains.Ref<IUserGrain>(user.UserId()).ChangePasswordAsync(request.CurrentPassword!, request.NewPassword!);
        return outcome == PasswordChangeOutcome.Changed
            ? TypedResults.NoContent()
            : Problems.Result(403, "wrong_password", "The current password is wrong.");
    }

    public static ClientInfo Client(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return new ClientInfo(ClientIp(http), agent.Length == 0 ? null : agent[..Math.Min(agent.Length, 256)]);
    }

    private static string? ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static ProblemHttpResult TooMany(TimeSpan retryAfter) =>
        Problems.Result(429, "rate_limited", "Too many attempts; retry later.", retryAfter);

    private static ProblemHttpResult InvalidRefreshToken() =>
        Problems.Result(401, "invalid_refresh_token", "The refresh token is invalid, expired or revoked.");

    private static ProblemHttpResult InvalidResetToken() =>
        Problems.Result(400, "invalid_token", "The reset token is invalid, expired or already used.");
}
