using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Recommendations;

/// <summary>`POST /admin/ml/retrain`: admins only, every run audited whatever its outcome.</summary>
[Collection(ApiCollection.Name)]
public sealed class RetrainEndpointTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Retrain_Admin_IsAuditedWithItsOutcome_AndOthersAre403()
    {
        var (_, user) = await _client.SignUpAsync();
        var (adminUser, admin) = await _client.SignUpAsync();
        var adminToken = await api.Factory.GrantRoleAsync(admin.AccessToken, "admin");

        var refused = await _client.PostJsonAsync("/api/v1/admin/ml/retrain", new { }, user.AccessToken);
        var answer = await _client.PostJsonAsync("/api/v1/admin/ml/retrain", new { }, adminToken);
        var body = await answer.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var outcome = body.GetProperty("outcome").GetString();
        Assert.Equal(await api.Database.ScalarAsync<long?>("SELECT max(version) FROM recommendation_models"),
            body.GetProperty("serving_version").ValueKind == System.Text.Json.JsonValueKind.Null ? null : body.GetProperty("serving_version").GetInt64());
        var audited = await api.Database.ScalarAsync<string>(
            "SELECT details->>'outcome' FROM audit_log WHERE action = 'ml.retrained' AND target_type = 'recommendation_model' AND actor_id = (SELECT id FROM accounts WHERE username = $1)",
            adminUser.Username);
        Assert.Equal(outcome, audited);
        var viral = body.GetProperty("viral").GetProperty("outcome").GetString(); // the viral model trains with it, audited on its own row
        Assert.Equal(viral, await api.Database.ScalarAsync<string>(
            "SELECT details->>'outcome' FROM audit_log WHERE action = 'ml.retrained' AND target_type = 'viral_model' AND actor_id = (SELECT id FROM accounts WHERE username = $1)",
            adminUser.Username));
    }
}
