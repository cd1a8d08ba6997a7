using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserSessionTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task RefreshAsync_CurrentToken_RotatesAndNewTokenWorks()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);

        var first = await grain.RefreshAsync(signIn.RefreshToken!, TestAccounts.Laptop);
        var second = await grain.RefreshAsync(first.RefreshToken!, TestAccounts.Laptop);

        Assert.Equal(SignInStatus.Succeeded, first.Status);
        Assert.Equal(SignInStatus.Succeeded, second.Status);
        Assert.NotEqual(signIn.RefreshToken, first.RefreshToken);
        Assert.Equal(signIn.SessionId, second.SessionId);
        Assert.True(await grain.IsSessionActiveAsync(signIn.SessionId));
    }

    [Fact]
    public async Task RefreshAsync_RotatedTokenPresentedAgain_ReturnsTokenReusedAndRevokesWholeSession()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);
        Assert.True(await grain.IsSessionActiveAsync(signIn.SessionId));
        var rotated = await grain.RefreshAsync(signIn.RefreshToken!, TestAccounts.Laptop);

        var replay = await grain.RefreshAsync(signIn.RefreshToken!, TestAccounts.Phone);
        var newest = await grain.RefreshAsync(rotated.RefreshToken!, TestAccounts.Laptop);

        Assert.Equal(SignInStatus.TokenReused, replay.Status);
        Assert.Equal(SignInStatus.InvalidCredentials, newest.Status);
        Assert.False(await grain.IsSessionActiveAsync(signIn.SessionId));
        Assert.Empty(await grain.ListSessionsAsync());
    }

    [Fact]
    public async Task RefreshAsync_TokenOfAnotherUser_ReturnsInvalidCredentialsAndLeavesItValid()
    {
        var (alice, _) = await _grains.RegisterAsync();
        var (bobGrain, bob) = await _grains.RegisterAsync();
        var bobs = await bobGrain.SignedInAsync(bob);

        Assert.Equal(SignInStatus.InvalidCredentials, (await alice.RefreshAsync(bobs.RefreshToken!, TestAccounts.Laptop)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await bobGrain.RefreshAsync(bobs.RefreshToken!, TestAccounts.Laptop)).Status);
    }

    [Fact]
    public async Task SignOutAsync_OwnToken_EndsSessionAndItsRefreshToken()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);
        Assert.True(await grain.IsSessionActiveAsync(signIn.SessionId));

        Assert.True(await grain.SignOutAsync(signIn.RefreshToken!));

        Assert.False(await grain.IsSessionActiveAsync(signIn.SessionId));
        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.RefreshAsync(signIn.RefreshToken!, TestAccounts.Laptop)).Status);
    }

    [Fact]
    public async Task SignOutAsync_TokenOfAnotherUser_ReturnsFalseAndKeepsTheirSession()
    {
        var (alice, _) = await _grains.RegisterAsync();
        var (bobGrain, bob) = await _grains.RegisterAsync();
        var bobs = await bobGrain.SignedInAsync(bob);

        Assert.False(await alice.SignOutAsync(bobs.RefreshToken!));
        Assert.True(await bobGrain.IsSessionActiveAsync(bobs.SessionId));
    }

    [Fact]
    public async Task ListSessionsAsync_TwoDevices_ListsBothWithTheirClients()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var laptop = await grain.SignedInAsync(user, TestAccounts.Laptop);
        var phone = await grain.SignedInAsync(user, TestAccounts.Phone);

        var sessions = await grain.ListSessionsAsync();

        Assert.Equal(2, sessions.Count);
        Assert.Equal(TestAccounts.Laptop.IpAddress, sessions.Single(s => s.Id == laptop.SessionId).IpAddress);
        Assert.Equal(TestAccounts.Phone.UserAgent, sessions.Single(s => s.Id == phone.SessionId).UserAgent);
        Assert.All(sessions, s => Assert.True(s.ExpiresAt > DateTimeOffset.UtcNow.AddDays(29)));
    }

    [Fact]
    public async Task RevokeSessionAsync_OneOfTwo_EndsOnlyThatSession()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var laptop = await grain.SignedInAsync(user, TestAccounts.Laptop);
        var phone = await grain.SignedInAsync(user, TestAccounts.Phone);
        Assert.True(await grain.IsSessionActiveAsync(phone.SessionId));

        Assert.True(await grain.RevokeSessionAsync(phone.SessionId));

        Assert.False(await grain.IsSessionActiveAsync(phone.SessionId));
        Assert.True(await grain.IsSessionActiveAsync(laptop.SessionId));
        Assert.Equal([laptop.SessionId], (await grain.ListSessionsAsync()).Select(s => s.Id));
        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.RefreshAsync(phone.RefreshToken!, TestAccounts.Phone)).Status);
        Assert.False(await grain.RevokeSessionAsync(phone.SessionId));
    }

    [Fact]
    public async Task RevokeSessionAsync_SessionOfAnotherUser_ReturnsFalseAndKeepsIt()
    {
        var (alice, _) = await _grains.RegisterAsync();
        var (bobGrain, bob) = await _grains.RegisterAsync();
        var bobs = await bobGrain.SignedInAsync(bob);

        Assert.False(await alice.RevokeSessionAsync(bobs.SessionId));
        Assert.True(await bobGrain.IsSessionActiveAsync(bobs.SessionId));
        Assert.False(await alice.IsSessionActiveAsync(bobs.SessionId));
    }

    [Fact]
    public async Task IsSessionActiveAsync_AfterRevokeOnFreshActivation_ReadsRevocationFromDatabase()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);
        Assert.True(await grain.RevokeSessionAsync(signIn.SessionId));

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.False(await grain.IsSessionActiveAsync(signIn.SessionId));
    }

    [Fact]
    public async Task SignInAsync_PastSessionLimit_EndsLeastRecentlyUsedSession()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var sessions = new List<SignInResult>();
        for (var i = 0; i < ClusterFixture.MaxSessions; i++) sessions.Add(await grain.SignedInAsync(user));
        Assert.Equal(SignInStatus.Succeeded, (await grain.RefreshAsync(sessions[0].RefreshToken!, TestAccounts.Laptop)).Status);

        var newest = await grain.SignedInAsync(user);

        Assert.False(await grain.IsSessionActiveAsync(sessions[1].SessionId));
        Assert.True(await grain.IsSessionActiveAsync(sessions[0].SessionId));
        Assert.True(await grain.IsSessionActiveAsync(newest.SessionId));
        Assert.Equal(ClusterFixture.MaxSessions, (await grain.ListSessionsAsync()).Count);
    }
}
