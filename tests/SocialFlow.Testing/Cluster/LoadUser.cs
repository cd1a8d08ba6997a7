namespace SocialFlow.Testing.Cluster;

/// <summary>A signed-in user of a load: the id the API knows them by and their access token.</summary>
public sealed record LoadUser(Guid Id, string Token);
