using System.Security.Claims;
using SocialFlow.ApiHost.Auth;

namespace SocialFlow.ApiHost.Engagement;

public static class OptionalUser
{
    /// <summary>The signed-in user's id on an endpoint that also serves anonymous callers.</summary>
    public static Guid? OptionalUserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.UserId() : null;
}
