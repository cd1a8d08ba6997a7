using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>A suspended account's linked identity cannot sign in either.</summary>
[Collection(OidcCollection.Name)]
public sealed class SuspendedOidcSignInTests(OidcFixture oidc)
{
    private readonly HttpClient _client = oidc.CreateClient();

    [Fact]
    public async Task OidcSignIn_OfASuspendedAccount_Is403AccountSuspended_WithUntil()
    {
        var identity = FakeIdentity.Fresh();
        var tokens = await (await oidc.SignInAsync(_client, identity)).ReadAsync<Tokens>();
        var me = (await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync()).GetProperty("id").GetGuid();
        var until = DateTimeOffset.UtcNow.AddDays(3);
        await oidc.Grains.Ref<IUserGrain>(me).SanctionAsync(AccountAction.Suspend, until, AuditActor.CommandLine, "abuse");

        var problem = await (await oidc.SignInAsync(_client, identity)).AssertProblemAsync(HttpStatusCode.Forbidden, "account_suspended");

        Assert.Equal(until.ToUnixTimeSeconds(), problem.GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());
    }
}
