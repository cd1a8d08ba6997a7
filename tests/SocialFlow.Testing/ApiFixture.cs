using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Testing;

/// <summary>
/// One database and one API host (co-hosted silo) started with a settings profile: the defaults of
/// <see cref="ApiFactory"/> plus the overrides of <see cref="HostSettings"/>. This class is the default profile (no
/// overrides); another profile is a subclass that overrides <see cref="HostSettings"/>, and <see cref="Customize"/>,
/// <see cref="RealSockets"/>, <see cref="InitializeAsync"/> or <see cref="DisposeAsync"/> when its host needs test
/// services, a socket, or a stand-in server started first.
/// <para>
/// A test assembly shares one instance per profile among all its test classes through an xunit collection (xunit
/// finds collection definitions only in the test assembly itself): tests use fresh users and ids and never rely on
/// an empty database. Tests that restart, kill or fault a host build their own <see cref="ApiFactory"/> instead.
/// </para>
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private ApiFactory? _factory;

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>The host the tests call (the <see cref="ApiFactory"/>, or what <see cref="Customize"/> made of it).</summary>
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A temporary directory, deleted with the fixture; a profile that wants it sets SocialFlow:DataDirectory to it.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sf-api-" + Guid.NewGuid().ToString("N"));

    /// <summary>This profile's configuration overrides; read once, when the host is built.</summary>
    protected virtual Dictionary<string, string?> HostSettings() => [];

    /// <summary>Replaces services of the built host (a clock, a seam); by default the host is the factory itself.</summary>
    protected virtual WebApplicationFactory<Program> Customize(ApiFactory factory) => factory;

    /// <summary>Kestrel on a free loopback port instead of the in-memory server: for dropped connections and outside callers.</summary>
    protected virtual bool RealSockets => false;

    public virtual HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>Starts the host and returns once it reports ready.</summary>
    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        _factory = new ApiFactory(Database.ConnectionString, HostSettings());
        Factory = Customize(_factory);
        if (RealSockets)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
        }
        using var client = CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public virtual async Task DisposeAsync()
    {
        // Disposing the factory also disposes what Customize derived from it.
        if (_factory is not null) await _factory.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
