using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>
/// Every route under /api/v1/admin and /api/v1/moderation, read from the app's endpoint data source (so a new one is
/// covered without editing this test), refuses the anonymous (401), plain users (403) and, on admin-only routes,
/// moderators (403), and none of those refused calls changes anything.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PrivilegedRoutesTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task EveryAdminAndModerationRoute_Refuses_TheAnonymous_Users_AndOnAdminRoutesModerators_ChangingNothing()
    {
        var routes = PrivilegedRoutes();
        Assert.True(routes.Count >= 10, $"only {routes.Count} privileged routes found");
        Assert.Contains(routes, r => r.AdminOnly);
        Assert.Contains(routes, r => !r.AdminOnly);
        var (target, _) = await _client.SignUpAsync();
        var (userAccount, user) = await _client.SignUpAsync();
        var (moderatorAccount, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var before = await StateAsync(target.Id, userAccount.Id, moderatorAccount.Id);

        foreach (var route in routes)
        {
            var url = route.Url(target.Username);
            Assert.True(HttpStatusCode.Unauthorized == (await SendAsync(route, url, null)).StatusCode, $"{route.Method} {url} anonymous");
            await (await SendAsync(route, url, user.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
            if (route.AdminOnly) await (await SendAsync(route, url, asModerator)).AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await StateAsync(target.Id, userAccount.Id, moderatorAccount.Id));
    }

    private sealed record Route(string Method, string Pattern, bool AdminOnly)
    {
        public string Url(string username) => Pattern.Replace("{username}", username).Replace("{id:guid}", Guid.NewGuid().ToString()).Replace("{id}", Guid.NewGuid().ToString());
    }

    private List<Route> PrivilegedRoutes() =>
    [
        .. from e in api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
           let pattern = "/" + e.RoutePattern.RawText!.TrimStart('/')
           where pattern.StartsWith("/api/v1/admin/", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/moderation/", StringComparison.Ordinal)
           from method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []
           let roles = e.Metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>()).ToList()
           select new Route(method, pattern, roles.Count > 0 && roles.All(r => !r.AllowedRoles.Contains("moderator"))),
    ];

    private Task<HttpResponseMessage> SendAsync(Route route, string url, string? token) =>
        _client.SendJsonAsync(new HttpMethod(route.Method), url, route.Method is "GET" or "DELETE" ? null : new { }, token);

    /// <summary>
    /// What the refused calls could have changed: the target account's row (roles, standing) and its strikes and
    /// notifications, audit rows by either caller or about the target, and the watched words. Scoped to these accounts
    /// so that other tests' late events (notifications, flags) cannot make it differ.
    /// </summary>
    private async Task<string> StateAsync(Guid target, Guid user, Guid moderator) =>
        string.Join(" | ", await Task.WhenAll(
            api.Database.ScalarAsync<string>("SELECT md5(a::text) FROM accounts a WHERE id = $1", target),
            Count("SELECT count(*) FROM strikes WHERE account_id = $1", target),
            Count("SELECT count(*) FROM notifications WHERE user_id = $1", target),
            Count("SELECT count(*) FROM audit_log WHERE actor_id = ANY($1) OR target_id = $2", new[] { user, moderator }, target.ToString()),
            Count("SELECT count(*) FROM reports WHERE reporter_id = ANY($1)", new[] { user, moderator }),
            api.Database.ScalarAsync<string>("SELECT md5(coalesce(string_agg(pattern || match || action, ',' ORDER BY pattern), '')) FROM watched_words")));

    private async Task<string?> Count(string sql, params object[] args) => (await api.Database.ScalarAsync<long>(sql, args)).ToString();
}
