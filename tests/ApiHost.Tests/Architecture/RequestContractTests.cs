using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Validation;

namespace SocialFlow.ApiHost.Tests.Architecture;

/// <summary>
/// Every JSON body a route reads is an <see cref="IValidatable"/> contract, so the validation filter checks it (its own
/// rules and the text rule of every string in it): a new contract that is not one fails here, not in production.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestContractTests(ApiFixture fixture)
{
    [Fact]
    public void EveryJsonBody_IsAValidatableContract()
    {
        var bodies = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<IAcceptsMetadata>()
                .Where(a => a.RequestType is not null && a.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)))
                .Select(a => (Route: e.DisplayName, Type: a.RequestType!)))
            .ToList();

        Assert.NotEmpty(bodies);
        Assert.All(bodies, b => Assert.True(typeof(IValidatable).IsAssignableFrom(b.Type), $"{b.Route} reads {b.Type.Name}, which is not IValidatable"));
    }
}
