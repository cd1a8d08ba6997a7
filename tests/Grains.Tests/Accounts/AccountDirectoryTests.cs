using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Accounts;

[Collection(ClusterCollection.Name)]
public sealed class AccountDirectoryTests(ClusterFixture fixture)
{
    private readonly IAccountDirectoryGrain _directory = fixture.Grains.Ref<IAccountDirectoryGrain>(0);

    [Fact]
    public async Task FindAsync_MixedCaseRegistration_FindsUserInAnyCase()
    {
        var name = "Mixed" + Guid.NewGuid().ToString("N")[..10];
        var user = NewUser.Create() with { Username = name, Email = $"{name}.Person@Example.COM" };
        Assert.Equal(RegisterOutcome.Created, await fixture.Grains.Ref<IUserGrain>(user.Id).RegisterAsync(user.Register));

        Assert.Equal(user.Id, await _directory.FindByUsernameAsync(name.ToLowerInvariant()));
        Assert.Equal(user.Id, await _directory.FindByUsernameAsync(name.ToUpperInvariant()));
        Assert.Equal(user.Id, await _directory.FindByEmailAsync(user.Email.ToLowerInvariant()));
        Assert.Equal(user.Id, await _directory.FindByLoginAsync(user.Email.ToUpperInvariant()));
        Assert.Equal(user.Id, await _directory.FindByLoginAsync(name.ToLowerInvariant()));
    }

    [Fact]
    public async Task FindAsync_TwoUsers_EachLoginResolvesToItsOwner()
    {
        var (_, alice) = await fixture.Grains.RegisterAsync();
        var (_, bob) = await fixture.Grains.RegisterAsync();

        Assert.Equal(alice.Id, await _directory.FindByLoginAsync(alice.Username));
        Assert.Equal(bob.Id, await _directory.FindByLoginAsync(bob.Email));
    }

    [Fact]
    public async Task FindAsync_UnknownLogin_ReturnsNull()
    {
        var user = NewUser.Create();

        Assert.Null(await _directory.FindByLoginAsync(user.Username));
        Assert.Null(await _directory.FindByLoginAsync(user.Email));
        Assert.Null(await _directory.FindByEmailAsync(user.Username));
    }
}
