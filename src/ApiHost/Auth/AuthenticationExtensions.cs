using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.ApiHost.Auth.Oidc;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Auth;

public static class AuthenticationExtensions
{
    public static IHostApplicationBuilder AddSocialFlowAuthentication(this IHostApplicationBuilder builder)
    {
        RequiredOptions.Bind<JwtOptions>(builder.Services, builder.Configuration, JwtOptions.Section);
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<SessionCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionCache>());
        builder.Services.AddSingleton<LoginThrottle>();
        RequiredOptions.Bind<OidcOptions>(builder.Services, builder.Configuration, OidcOptions.Section);
        builder.Services.AddSingleton<OidcProviders>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AccessTokenValidator>();
        builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        return builder;
    }
}
