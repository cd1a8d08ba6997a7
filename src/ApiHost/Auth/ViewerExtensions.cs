using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SocialFlow.ApiHost.Auth;

public static class ViewerExtensions
{
    /// <summary>The signed-in caller on endpoints that also serve anonymous viewers; null when anonymous.</summary>
    public static Guid? ViewerId(this ClaimsPrincipal user) =>
        user is AccessTokenPrincipal token ? token.UserIdValue :
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null;

    /// <summary>Roles are the account's as the user grain answered for this request (<see cref="SessionCache"/>), not the
    /// token's: a role granted or revoked counts from the next request.</summary>
    public static bool IsModerator(this ClaimsPrincipal user) => user.IsInRole("moderator") || user.IsInRole("admin");
}
