using System.ComponentModel.DataAnnotations;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// How the API is reached from outside: <c>SocialFlow:PublicBaseUrl</c> and <c>SocialFlow:Cors:Origins</c>.
/// The hosts it answers to are ASP.NET Core's <c>AllowedHosts</c> (see <see cref="HostCheckMiddleware"/>).
/// </summary>
public sealed class PublicAccessOptions : IValidatableObject
{
    public const string Section = "SocialFlow";

    /// <summary>Where clients reach this API (e.g. https://api.example.com). Absolute URLs in answers (upload_url, the tus
    /// Location) start with it, never with the request's Host header; unset, answers carry root-relative URLs.</summary>
    public string? PublicBaseUrl { get; set; }

    public CorsSettings Cors { get; set; } = new();

    /// <summary>The URL clients should use for a root-relative <paramref name="path"/>.</summary>
    public string Url(string path) => PublicBaseUrl is { } b ? b.TrimEnd('/') + path : path;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is not null && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var u)
            && u.Scheme is "http" or "https" && u.Query.Length == 0 && u.Fragment.Length == 0))
        {
            yield return new ValidationResult("must be an absolute http or https URL without query or fragment", [nameof(PublicBaseUrl)]);
        }
        foreach (var origin in Cors.Origins)
        {
            if (!CorsSettings.IsOrigin(origin))
            {
                yield return new ValidationResult($"'{origin}' is not an origin (scheme://host[:port], no path, no '*')", ["Cors:Origins"]);
            }
        }
    }
}

/// <summary>Web client origins allowed to call the API from a browser (CORS) and to open the hubs. Empty: CORS is closed.</summary>
public sealed class CorsSettings
{
    public string[] Origins { get; set; } = [];

    public bool Allows(string origin) => Origins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));

    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && !value.Contains('*')
        && u.AbsolutePath == "/" && u.Query.Length == 0 && u.Fragment.Length == 0 && u.UserInfo.Length == 0;
}
