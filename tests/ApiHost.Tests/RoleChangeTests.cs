using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests;

/// <summary>Roles come from PostgreSQL whenever a token is issued, and a request's roles are the account's now: a
/// revoked role stops working at once, while the token goes on as an ordinary user's.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoleChangeTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task RoleRevokedThroughTheUserGrain_RefusesTheAdminRouteToTheOldTokenAtOnce_AndRefreshGivesNoAdmin()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var account = api.Grains.Ref<IUserGrain>(user.Id);
        Assert.Equal(["admin", "user"], (await account.SetRolesAsync(["admin"], AuditActor.CommandLine)).Order());
        var admin = await RefreshAsync(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.NotFound, await AdminRouteAsync(admin.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await AdminRouteAsync(admin.AccessToken));

        Assert.Equal(["user"], await account.SetRolesAsync([], AuditActor.CommandLine));

        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(admin.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", admin.AccessToken)).StatusCode);
        var downgraded = await RefreshAsync(admin.RefreshToken);
        Assert.Equal(["user"], Roles(downgraded.AccessToken));
        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(downgraded.AccessToken));
    }

    [Fact]
    public async Task SetRoles_RefusesAnUnknownRole()
    {
        var (user, _) = await _client.SignUpAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => api.Grains.Ref<IUserGrain>(user.Id).SetRolesAsync(["root"], AuditActor.CommandLine));
    }

    [Fact]
    public async Task Refresh_AfterRolesChangedInTheDatabase_CarriesTheCurrentRoles_AndTheOldAdminTokenStops()
    {
        var (user, tokens) = await _client.SignUpAsync();
        await api.Database.ExecuteAsync("UPDATE accounts SET roles = ARRAY['user', 'admin'] WHERE id = $1", user.Id);

        var admin = await RefreshAsync(tokens.RefreshToken);
        Assert.Contains("admin", Roles(admin.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await AdminRouteAsync(admin.AccessToken));

        await api.Database.ExecuteAsync("UPDATE accounts SET roles = ARRAY['user'] WHERE id = $1", user.Id);
        var downgraded = await RefreshAsync(admin.RefreshToken);

        Assert.DoesNotContain("admin", Roles(downgraded.AccessToken));
        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(downgraded.AccessToken));
        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(admin.AccessToken));
    }

    [Fact]
    public async Task Login_AfterRolesChangedInTheDatabase_CarriesTheCurrentRoles()
    {
        var (user, _) = await _client.SignUpAsync();
        await api.Database.ExecuteAsync("UPDATE accounts SET roles = ARRAY['user', 'moderator'] WHERE id = $1", user.Id);

        var tokens = await _client.LoginAsync(user);

        Assert.Contains("moderator", Roles(tokens.AccessToken));
    }

    private async Task<Tokens> RefreshAsync(string refreshToken)
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<Tokens>();
    }

    /// <summary>404 (no such user) for an admin, 403 for a signed-in non-admin.</summary>
    private async Task<HttpStatusCode> AdminRouteAsync(string token) =>
        (await _client.PostJsonAsync("/api/v1/admin/notifications",
            new { username = "nobody_" + Guid.NewGuid().ToString("N")[..8], text = "hello", id = Guid.NewGuid() }, token)).StatusCode;

    private static string[] Roles(string accessToken) =>
        [.. new JsonWebToken(accessToken).Claims.Where(c => c.Type == "role").Select(c => c.Value)];
}
