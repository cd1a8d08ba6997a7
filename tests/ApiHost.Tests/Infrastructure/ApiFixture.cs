namespace SocialFlow.ApiHost.Tests.Infrastructure;

/// <summary>One database and one API host shared by a test class; tests use fresh users so they never depend on each other.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new ApiFactory(Database.ConnectionString);
        using var client = Factory.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
