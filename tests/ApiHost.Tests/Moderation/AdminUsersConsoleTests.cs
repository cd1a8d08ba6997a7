using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>GET /admin/users and /admin/users/{username}: admins find accounts and read their private details, audited.</summary>
[Collection(ApiCollection.Name)]
public sealed class AdminUsersConsoleTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ListUsers_MatchesUsernameEmailAndDisplayName_FiltersByRoleAndStatus_AndSorts()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var marker = "Mk" + Guid.NewGuid().ToString("N")[..10];
        var (a, aTokens) = await _client.SignUpAsync();
        var (b, _) = await _client.SignUpAsync();
        var (c, _) = await _client.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = $"The {marker} one" }, aTokens.AccessToken)).StatusCode);
        await api.Grains.Ref<IUserGrain>(b.Id).SetPowerAsync("moderator", AuditActor.CommandLine);
        await api.Grains.Ref<IUserGrain>(c.Id).SanctionAsync(AccountAction.Suspend, DateTimeOffset.UtcNow.AddDays(1), AuditActor.CommandLine, "spam");

        var byDisplayName = Assert.Single(await ItemsAsync($"/api/v1/admin/users?query={marker.ToUpperInvariant()}", admin));
        Assert.Equal(a.Id, byDisplayName.GetProperty("id").GetGuid());
        Assert.Equal(a.Email, byDisplayName.GetProperty("email").GetString());
        Assert.Equal($"The {marker} one", byDisplayName.GetProperty("display_name").GetString());
        Assert.Equal("active", byDisplayName.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, byDisplayName.GetProperty("last_seen_at").ValueKind);
        Assert.Equal(b.Id, Assert.Single(await ItemsAsync($"/api/v1/admin/users?query={b.Email[..^4]}", admin)).GetProperty("id").GetGuid());

        var loose = $"query={a.Username[..3]}"; // matches many accounts: enough to check the order
        Assert.Contains(b.Id, (await ItemsAsync("/api/v1/admin/users?role=moderator&limit=100&sort=created", admin)).Select(Id));
        var suspended = (await ItemsAsync("/api/v1/admin/users?status=suspended&limit=100", admin)).Single(u => Id(u) == c.Id);
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, suspended.GetProperty("until").ValueKind);
        Assert.DoesNotContain(c.Id, (await ItemsAsync($"/api/v1/admin/users?status=active&query={c.Username}", admin)).Select(Id));

        var names = (await ItemsAsync($"/api/v1/admin/users?sort=username&limit=100&{loose}", admin)).Select(u => u.GetProperty("username").GetString()!).ToList();
        Assert.Equal(names.OrderBy(n => n.ToLowerInvariant(), StringComparer.Ordinal), names);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/admin/users?sort=last_seen", admin)).StatusCode);
    }

    [Fact]
    public async Task ListUsers_SortsByStrikesInForce_MostFirst_PageByPage()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var marker = "Sk" + Guid.NewGuid().ToString("N")[..10];
        var accounts = new List<Guid>();
        foreach (var strikes in new[] { 1, 0, 2 })
        {
            var (user, tokens) = await _client.SignUpAsync();
            await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = $"{marker} {strikes}" }, tokens.AccessToken);
            for (var i = 0; i < strikes; i++)
            {
                var warned = await _client.PostJsonAsync("/api/v1/moderation/actions", new { target_type = "user", target_id = user.Id, action = "warn", reason = "be nice" }, admin);
                Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
            }
            accounts.Add(user.Id);
        }

        var seen = new List<(Guid Id, int Strikes)>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync($"/api/v1/admin/users?query={marker}&sort=strikes&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}", admin)).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => (Id(u), u.GetProperty("strikes").GetInt32())));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);
        Assert.Equal([(accounts[2], 2), (accounts[0], 1), (accounts[1], 0)], seen);
    }

    [Fact]
    public async Task ListUsers_SortsByStatus_SuspendedThenLimitedThenActive()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var marker = "St" + Guid.NewGuid().ToString("N")[..10];
        var accounts = new List<Guid>();
        foreach (var sanction in new AccountAction?[] { null, AccountAction.Suspend, AccountAction.Limit })
        {
            var (user, tokens) = await _client.SignUpAsync();
            await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = $"{marker} {sanction}" }, tokens.AccessToken);
            if (sanction is { } action) await api.Grains.Ref<IUserGrain>(user.Id).SanctionAsync(action, DateTimeOffset.UtcNow.AddDays(1), AuditActor.CommandLine, "test");
            accounts.Add(user.Id);
        }

        var seen = new List<(Guid, string)>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync($"/api/v1/admin/users?query={marker}&sort=status&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}", admin)).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => (Id(u), u.GetProperty("status").GetString()!)));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);
        Assert.Equal([(accounts[1], "suspended"), (accounts[2], "limited"), (accounts[0], "active")], seen);
    }

    [Fact]
    public async Task ListUsers_IsForAdminsOnly_AndRefusesBadFilters()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var (_, moderatorTokens) = await _client.SignUpAsync();
        var moderator = await api.Factory.GrantRoleAsync(moderatorTokens.AccessToken, "moderator");

        await (await _client.GetAsync("/api/v1/admin/users", moderator)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/v1/admin/users")).StatusCode);
        foreach (var bad in new[] { "status=banned", "role=root", "sort=email", $"query={new string('x', 101)}" })
        {
            await (await _client.GetAsync($"/api/v1/admin/users?{bad}", admin)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
    }

    [Fact]
    public async Task GetUser_ShowsPrivateDetailsAndSessions_OneAuditRowPerRead_404ForNobody_AndIsForAdminsOnly()
    {
        var (adminUser, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var (target, targetTokens) = await _client.SignUpAsync();

        var response = await _client.GetAsync($"/api/v1/admin/users/{target.Username}", admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await response.ReadJsonAsync();
        Assert.Equal(target.Email, details.GetProperty("email").GetString());
        Assert.False(details.GetProperty("email_verified").GetBoolean());
        Assert.False(details.GetProperty("two_factor").GetBoolean());
        Assert.Equal("active", details.GetProperty("status").GetString());
        var session = Assert.Single(details.GetProperty("sessions").EnumerateArray());
        Assert.True(session.TryGetProperty("device", out _) && session.TryGetProperty("ip_address", out _) && session.TryGetProperty("last_used_at", out _));
        await _client.GetAsync($"/api/v1/admin/users/{target.Username}", admin);

        Assert.Equal(2L, await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'account.private_details_read' AND target_id = $1 AND actor_id = $2", target.Id.ToString(), adminUser.Id));
        await (await _client.GetAsync($"/api/v1/admin/users/nobody_{Guid.NewGuid().ToString("N")[..8]}", admin)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/admin/users/{target.Username}", targetTokens.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'account.private_details_read' AND target_id = $1", target.Id.ToString()));
    }

    private static Guid Id(JsonElement item) => item.GetProperty("id").GetGuid();

    private async Task<List<JsonElement>> ItemsAsync(string url, string bearer)
    {
        var response = await _client.GetAsync(url, bearer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }
}
