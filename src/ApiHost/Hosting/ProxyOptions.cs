using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// The reverse proxies in front of the API (section SocialFlow:Proxy): requests from an address in
/// <see cref="KnownNetworks"/> carry the client's address in X-Forwarded-For (and its scheme in X-Forwarded-Proto),
/// which ASP.NET Core's forwarded-headers middleware puts in the connection's remote address, so per-IP rate limits,
/// sign-in throttles and sessions see the client rather than the proxy. Empty by default: nobody is trusted, and a
/// client cannot choose its own address by sending the header.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Proxy";

    /// <summary>CIDR networks (10.0.0.0/8) or single addresses of the proxies whose forwarded headers are believed.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(n => TryParse(n) ?? throw new FormatException($"'{n}' is not a network."));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownNetworks.Where(n => TryParse(n) is null)
            .Select(n => new ValidationResult($"'{n}' is not a network (10.0.0.0/8) or an address", [nameof(KnownNetworks)]));

    /// <summary>Every proxy, however many stand in a row, down to the first address that is not one of them.</summary>
    public void Apply(ForwardedHeadersOptions forwarded)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = null;
        forwarded.KnownProxies.Clear(); // the framework trusts loopback by default
        forwarded.KnownIPNetworks.Clear();
        foreach (var network in Networks()) forwarded.KnownIPNetworks.Add(network);
    }

    private static IPNetwork? TryParse(string text) =>
        IPNetwork.TryParse(text, out var network) ? network
        : IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;
}
