using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

/// <summary>Destructive: stops a whole cluster, so it runs on clusters and a database of its own.</summary>
public sealed class ClusterRestartTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "sf-gtest-mail-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync();

    [Fact]
    public async Task UserGrain_FullClusterRestartOnSameDatabase_KeepsAccountProfilePreferencesAndSessions()
    {
        var serviceId = "sf-restart-" + Guid.NewGuid().ToString("N")[..12];
        var user = NewUser.Create();
        var preferences = new UserPreferences("light", false, "720p", true, false, true, "fr");
        SignInResult session;

        var before = await TestClusters.StartAsync(_database, _mail, serviceId: serviceId);
        try
        {
            var grain = before.GrainFactory.Ref<IUserGrain>(user.Id);
            Assert.Equal(RegisterOutcome.Created, await grain.RegisterAsync(user.Register));
            await grain.UpdateProfileAsync(new ProfilePatch("Before Restart", "bio", null, ["https://x.example"], "fr-FR"));
            await grain.SetPreferencesAsync(preferences);
            session = await grain.SignedInAsync(user);
        }
        finally
        {
            await TestClusters.StopAsync(before);
        }

        var after = await TestClusters.StartAsync(_database, _mail, serviceId: serviceId);
        try
        {
            var grain = after.GrainFactory.Ref<IUserGrain>(user.Id);
            var profile = (await grain.GetPrivateProfileAsync())!;
            Assert.Equal(("Before Restart", "bio", "fr-FR"), (profile.Public.DisplayName, profile.Public.Bio, profile.Locale));
            Assert.Equal(["https://x.example"], profile.Public.Links);
            Assert.Equal(preferences, await grain.GetPreferencesAsync());
            Assert.True(await grain.IsSessionActiveAsync(session.SessionId));
            Assert.Equal(SignInStatus.Succeeded, (await grain.RefreshAsync(session.RefreshToken!, TestAccounts.Laptop)).Status);
            Assert.Equal(RegisterOutcome.AlreadyExists, await grain.RegisterAsync(user.Register));
        }
        finally
        {
            await TestClusters.StopAsync(after);
        }
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (Directory.Exists(_mail)) Directory.Delete(_mail, recursive: true);
    }
}
