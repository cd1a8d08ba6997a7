namespace SocialFlow.ApiHost.Tests.Infrastructure;

/// <summary>
/// The default profile: every test class marked <c>[Collection(ApiCollection.Name)]</c> shares one API host and one
/// database (<see cref="ApiFixture"/>). Each other profile has its collection next to its fixture (EngagementCollection,
/// GraphCollection, …). A class that takes <c>IClassFixture&lt;ApiFixture&gt;</c> instead still works, with a host of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
