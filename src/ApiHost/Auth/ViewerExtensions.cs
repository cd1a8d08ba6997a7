using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SocialFlow.ApiHost.Auth;

public static class ViewerExtensions
{
    /// <summary>The signed-in caller on endpoints that also serve anonymous viewers; null when anonymous.</summary>
    public static Guid? ViewerId(this ClaimsPrincipal user) =>
        user is AccessTokenPrincipal token ? token.UserIdValue :
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null;

    /// <summary>Roles come from the access token: a role granted later counts from the next sign-in or refresh; a revoked
    /// privileged role makes the token fail authentication at once (<see cref="SessionCache"/>).</summary>
    public static bool IsModerator(this ClaimsPrincipal user) => user.IsInRole("moderator") || user.IsInRole("admin");
}
