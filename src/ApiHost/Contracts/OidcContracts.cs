namespace SocialFlow.ApiHost.Contracts;

public sealed record OidcProviderResponse(string Name, string AuthorizeUrl);

/// <summary>For apps that open the provider's page themselves (?format=json).</summary>
public sealed record AuthorizationUrlResponse(string AuthorizationUrl);
