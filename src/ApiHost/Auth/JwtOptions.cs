using System.ComponentModel.DataAnnotations;
using System.Text;

namespace SocialFlow.ApiHost.Auth;

public sealed class JwtOptions
{
    public const string Section = "SocialFlow:Jwt";

    /// <summary>HMAC-SHA256 key: base64 of at least 32 bytes, or a string of at least 32 bytes. Secret: never logged.</summary>
    [Required(ErrorMessage = "SocialFlow:Jwt:SigningKey is required (base64 of at least 32 random bytes).")]
    [MinLength(32, ErrorMessage = "SocialFlow:Jwt:SigningKey must be at least 32 bytes.")]
    public string SigningKey { get; set; } = "";

    [Required]
    public string Issuer { get; set; } = "socialflow";

    [Required]
    public string Audience { get; set; } = "socialflow-api";

    /// <summary>At most 15 minutes: revocation otherwise waits that long for stateless checks.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:15:00", ErrorMessage = "SocialFlow:Jwt:AccessTokenLifetime must be between 10 seconds and 15 minutes.")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public byte[] KeyBytes()
    {
        try
        {
            var decoded = Convert.FromBase64String(SigningKey);
            if (decoded.Length >= 32) return decoded;
        }
        catch (FormatException)
        {
        }
        return Encoding.UTF8.GetBytes(SigningKey);
    }
}
