using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace SocialFlow.ApiHost.Auth.Oidc;

/// <summary>The configured providers by name (case-insensitive), sharing one HTTP client for discovery, keys and tokens.</summary>
public sealed class OidcProviders : IDisposable
{
    private readonly HttpClient _http;
    private readonly FrozenDictionary<string, OidcProvider> _providers;

    public OidcProviders(IOptions<OidcOptions> options, ILogger<OidcProvider> logger)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
            MaxResponseContentBufferSize = 1024 * 1024,
        };
        var o = options.Value;
        _providers = o.Providers.ToFrozenDictionary(
            p => p.Key.ToLowerInvariant(),
            p => new OidcProvider(p.Key.ToLowerInvariant(), p.Value, o.RedirectUriOf(p.Key, p.Value), _http, logger),
            StringComparer.OrdinalIgnoreCase);
        Names = [.. _providers.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Names { get; }

    public OidcProvider? Find(string name) => _providers.GetValueOrDefault(name);

    public void Dispose() => _http.Dispose();
}
