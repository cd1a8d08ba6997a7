using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using SocialFlow.ApiHost.Auth.Oidc;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Auth;

public static class AuthenticationExtensions
{
    public static IHostApplicationBuilder AddSocialFlowAuthentication(this IHostApplicationBuilder builder)
    {
        var jwt = RequiredOptions.Bind<JwtOptions>(builder.Services, builder.Configuration, JwtOptions.Section);
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<SessionCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionCache>());
        builder.Services.AddSingleton<LoginThrottle>();
        RequiredOptions.Bind<OidcOptions>(builder.Services, builder.Configuration, OidcOptions.Section);
        builder.Services.AddSingleton<OidcProviders>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(jwt.KeyBytes()),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "name",
                RoleClaimType = "role",
            };
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = AcceptQueryTokenOnHubs,
                OnTokenValidated = RejectEndedSessions,
                OnChallenge = WriteProblem,
            };
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Browsers cannot set headers on WebSocket (and EventSource) requests, so SignalR sends the token as access_token
    /// in the query. Accepted on /hubs paths only, where the query is never logged; everywhere else only the header counts.
    /// </summary>
    private static Task AcceptQueryTokenOnHubs(MessageReceivedContext context)
    {
        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is { Count: 1 } token)
        {
            context.Token = token.ToString();
        }
        return Task.CompletedTask;
    }

    /// <summary>Signing out or a revoked session ends its access tokens at once, not at their expiry.</summary>
    private static async Task RejectEndedSessions(TokenValidatedContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionCache>();
        var principal = context.Principal!;
        if (!await sessions.IsActiveAsync(principal.UserId(), principal.SessionId())) context.Fail("The session has ended.");
    }

    private static async Task WriteProblem(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failed = context.AuthenticateFailure is not null;
        context.Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
            failed ? "invalid_token" : "unauthenticated",
            failed ? "The access token is missing, malformed, expired or revoked." : "This endpoint needs a bearer access token.");
    }
}
