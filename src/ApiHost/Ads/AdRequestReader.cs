using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Ads;

namespace SocialFlow.ApiHost.Ads;

/// <summary>SocialFlow:Ads as the API host reads it: the header the front sets to the viewer's country.</summary>
public sealed class AdRequestOptions
{
    public const string Section = "SocialFlow:Ads";

    public string CountryHeader { get; set; } = "CF-IPCountry";
}

/// <summary>What targeting needs from an HTTP request: the viewer's language (first of Accept-Language), country (the
/// configured header) and device kind (from the User-Agent).</summary>
public sealed class AdRequestReader(IOptions<AdRequestOptions> options)
{
    public AdRequest Read(HttpRequest http, Guid viewerId, Guid videoId, Guid creatorId, IReadOnlyList<string> tags)
    {
        var locale = http.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value).FirstOrDefault(l => l is not null and not "*");
        var country = http.Headers[options.Value.CountryHeader].ToString() is { Length: 2 } c ? c.ToUpperInvariant() : null;
        return new AdRequest(viewerId, videoId, creatorId, tags, locale, country, Device(http.Headers.UserAgent.ToString()));
    }

    public static string Device(string userAgent) =>
        Has(userAgent, "SmartTV") || Has(userAgent, "AppleTV") || Has(userAgent, "Android TV") || Has(userAgent, "Tizen") ? "tv"
        : Has(userAgent, "iPad") || Has(userAgent, "Tablet") ? "tablet"
        : Has(userAgent, "Mobile") || Has(userAgent, "iPhone") || Has(userAgent, "Android") ? "mobile"
        : "desktop";

    private static bool Has(string s, string part) => s.Contains(part, StringComparison.OrdinalIgnoreCase);
}
