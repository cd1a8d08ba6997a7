using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>PUT /admin/users/{username}/role: admins grant and revoke, each change is one audit_log row that nobody can alter.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoleAdministrationTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Admin_GrantsModerator_OneAuditRow_ARepeatChangesNothing_AndARevokeStopsTheModeratorRoleAtOnce()
    {
        var (admin, adminTokens) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var (target, targetTokens) = await _client.SignUpAsync();

        var granted = await SetRoleAsync(target.Username, new { role = "moderator", reason = "  trusted in the community  " }, asAdmin);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(["moderator", "user"], (await granted.ReadJsonAsync()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
        var requestId = granted.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal([(admin.Id, "role.changed", "user", "trusted in the community", requestId, """["user", "moderator"]""")], await AuditRowsAsync(target.Id));

        Assert.Equal(HttpStatusCode.OK, (await SetRoleAsync(target.Username, new { role = "moderator" }, asAdmin)).StatusCode);
        Assert.Single(await AuditRowsAsync(target.Id));

        var moderator = await api.Factory.GrantRoleAsync(targetTokens.AccessToken, "moderator"); // the session's next token
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", moderator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SetRoleAsync(target.Username, new { role = "user" }, asAdmin)).StatusCode);
        // The token goes on as an ordinary user's: its roles are the account's now, not what it claims.
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync("/api/v1/admin/moderation/watched-words", moderator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", moderator)).StatusCode);
        Assert.Equal(2, (await AuditRowsAsync(target.Id)).Count);
    }

    [Fact]
    public async Task SetRole_IsForAdminsOnly_ValidatesItsInput_AndNeverTheirOwn_AndChangesNothingWhenRefused()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var (_, userTokens) = await _client.SignUpAsync();
        var (_, moderatorTokens) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderatorTokens.AccessToken, "moderator");
        var (target, _) = await _client.SignUpAsync();
        var self = (await (await _client.GetAsync("/api/v1/users/me", asAdmin)).ReadJsonAsync()).GetProperty("username").GetString()!;

        var body = new { role = "admin" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/admin/users/{target.Username}/role", body)).StatusCode);
        await (await SetRoleAsync(target.Username, body, userTokens.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await SetRoleAsync(target.Username, body, asModerator)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await SetRoleAsync("nobody_" + Guid.NewGuid().ToString("N")[..8], body, asAdmin)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetRoleAsync(target.Username, new { role = "root" }, asAdmin)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetRoleAsync(target.Username, new { role = "creator" }, asAdmin)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetRoleAsync(target.Username, new { role = "moderator", reason = new string('x', 501) }, asAdmin)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetRoleAsync(self, new { role = "user" }, asAdmin)).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Empty(await AuditRowsAsync(target.Id));
        Assert.Equal(["user"], (await api.Database.ScalarAsync<string[]>("SELECT roles FROM accounts WHERE id = $1", target.Id))!);
    }

    [Fact]
    public async Task AuditLog_RefusesUpdateDeleteAndTruncate_ToTheApplicationsOwnDatabaseRole()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var (target, _) = await _client.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await SetRoleAsync(target.Username, new { role = "moderator" }, asAdmin)).StatusCode);

        string[] changes =
        [
            "UPDATE audit_log SET reason = 'rewritten' WHERE target_id = $1",
            "DELETE FROM audit_log WHERE target_id = $1",
            "TRUNCATE audit_log",
        ];
        foreach (var sql in changes)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => sql.Contains("$1") ? api.Database.ExecuteAsync(sql, target.Id.ToString()) : api.Database.ExecuteAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        Assert.Single(await AuditRowsAsync(target.Id));
    }

    [Fact]
    public async Task RoleCommand_MakesTheFirstAdmin_ThroughTheRunningCluster_Audited_AndRefusesUnknownAccountsAndRoles()
    {
        var (first, tokens) = await _client.SignUpAsync();
        var (other, _) = await _client.SignUpAsync();
        var settings = api.Factory.Services.GetRequiredService<IConfiguration>().AsEnumerable().ToList(); // the same cluster

        Assert.Equal(0, await RoleCommand.RunAsync([RoleCommand.Name, first.Username, "admin"], settings));

        // Through the account's grain (already active in the silo), so the refreshed token's admin claim is honoured.
        var refreshed = await (await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken })).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await SetRoleAsync(other.Username, new { role = "moderator" }, refreshed.GetProperty("access_token").GetString()!)).StatusCode);
        Assert.Equal([(null, "role.changed", "user", "set from the command line", null, """["user", "admin"]""")], await AuditRowsAsync(first.Id));

        Assert.Equal(2, await RoleCommand.RunAsync([RoleCommand.Name, "nobody_" + Guid.NewGuid().ToString("N")[..8], "admin"], settings));
        Assert.Equal(64, await RoleCommand.RunAsync([RoleCommand.Name, other.Username, "root"], settings));
        Assert.Equal(64, await RoleCommand.RunAsync([RoleCommand.Name, other.Username], settings));
        Assert.Single(await AuditRowsAsync(other.Id));
    }

    private Task<HttpResponseMessage> SetRoleAsync(string username, object body, string bearer) =>
        _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/admin/users/{username}/role", body, bearer);

    private async Task<List<(Guid? Actor, string Action, string TargetType, string? Reason, string? RequestId, string To)>> AuditRowsAsync(Guid target)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT actor_id, action, target_type, reason, request_id, details->>'to' FROM audit_log WHERE target_id = $1 ORDER BY at, id", connection)
        {
            Parameters = { new() { Value = target.ToString() } },
        };
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(Guid?, string, string, string?, string?, string)>();
        while (await r.ReadAsync())
        {
            rows.Add((r.IsDBNull(0) ? null : r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5)));
        }
        return rows;
    }
}
