using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserProfileTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task UpdateProfileAsync_ThenDeactivation_ProfileSurvivesInStorage()
    {
        var (grain, _) = await _grains.RegisterAsync();
        await grain.UpdateProfileAsync(new ProfilePatch("Grace H.", "Compilers.", "https://img.example/g.png", ["https://a.example", "https://b.example"], "en-GB"));

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.False(fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out _), "the grain is still active");

        var profile = (await grain.GetPrivateProfileAsync())!;
        Assert.Equal(("Grace H.", "Compilers.", "https://img.example/g.png"), (profile.Public.DisplayName, profile.Public.Bio, profile.Public.AvatarUrl));
        Assert.Equal(["https://a.example", "https://b.example"], profile.Public.Links);
        Assert.Equal("en-GB", profile.Locale);
    }

    [Fact]
    public async Task UpdateProfileAsync_NullFieldsKeepValuesAndEmptyStringsClearThem()
    {
        var (grain, _) = await _grains.RegisterAsync();
        await grain.UpdateProfileAsync(new ProfilePatch("Grace H.", "Compilers.", "https://img.example/g.png", ["https://a.example"], "en-GB"));

        var profile = await grain.UpdateProfileAsync(new ProfilePatch(null, "", null, null, ""));

        Assert.Equal("Grace H.", profile.Public.DisplayName);
        Assert.Null(profile.Public.Bio);
        Assert.Equal("https://img.example/g.png", profile.Public.AvatarUrl);
        Assert.Equal(["https://a.example"], profile.Public.Links);
        Assert.Null(profile.Locale);
    }

    [Fact]
    public async Task UpdateProfileAsync_OneUser_LeavesAnotherUsersProfileAlone()
    {
        var (alice, _) = await _grains.RegisterAsync();
        var (bob, bobUser) = await _grains.RegisterAsync();

        await alice.UpdateProfileAsync(new ProfilePatch("Alice", "hi", null, null, null));

        var bobs = (await bob.GetPublicProfileAsync())!;
        Assert.Equal((bobUser.Username, (string?)null), (bobs.DisplayName, bobs.Bio));
    }

    // Spelled out rather than UserPreferences.Default: silos share this process, so a corrupted Default would match itself.
    private static readonly UserPreferences Defaults = new("system", true, "auto", true, true, false, null);

    [Fact]
    public async Task GetPreferencesAsync_NewUser_ReturnsDefaults()
    {
        var (grain, _) = await _grains.RegisterAsync();

        Assert.Equal(Defaults, await grain.GetPreferencesAsync());
    }

    [Fact]
    public async Task GetPreferencesAsync_NewUserAfterAnotherUsersPreferencesWereReloaded_StillReturnsDefaults()
    {
        var (alice, _) = await _grains.RegisterAsync();
        await alice.SetPreferencesAsync(new UserPreferences("dark", false, "480p", false, false, true, "pt"));
        await fixture.Cluster.DeactivateAsync(alice);
        await alice.GetPreferencesAsync();

        var (bob, _) = await _grains.RegisterAsync();

        Assert.Equal(Defaults, await bob.GetPreferencesAsync());
        Assert.Equal(Defaults, UserPreferences.Default);
    }

    [Fact]
    public async Task SetPreferencesAsync_ThenDeactivation_PreferencesSurvive()
    {
        var (grain, _) = await _grains.RegisterAsync();
        var wanted = new UserPreferences("dark", false, "1080p", false, true, true, "de");

        Assert.Equal(wanted, await grain.SetPreferencesAsync(wanted));
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(wanted, await grain.GetPreferencesAsync());
    }

    [Fact]
    public async Task ProfileCalls_UnregisteredUser_ReturnNullOrFail()
    {
        var grain = _grains.Ref<IUserGrain>(Guid.NewGuid());

        Assert.Null(await grain.GetPublicProfileAsync());
        Assert.Null(await grain.GetPrivateProfileAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.UpdateProfileAsync(new ProfilePatch("x", null, null, null, null)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetPreferencesAsync());
    }
}
