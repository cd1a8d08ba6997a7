using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>
/// An SMS provider speaking Twilio's Messages API (Twilio itself, or any provider that copies its shape). SMS is off
/// (<see cref="SmsOutcome.Disabled"/>, nothing sent) unless AccountSid, AuthToken and From are all set; setting only
/// some of them stops start-up.
/// </summary>
public sealed partial class SmsOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Notifications:Sms";

    /// <summary>The provider's API root; tests point it at a local server.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>The account SID ("AC" and 32 hex digits): the user name of HTTP Basic auth and part of the path.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token, the password of HTTP Basic auth. Secret: never logged.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sending number in E.164 (+ and up to 15 digits).</summary>
    public string? From { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken) && !string.IsNullOrWhiteSpace(From);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string?[] set = [AccountSid, AuthToken, From];
        if (set.All(string.IsNullOrWhiteSpace)) yield break;
        if (!Enabled)
        {
            yield return new ValidationResult(
                $"{Section}: AccountSid, AuthToken and From must be set together (or none of them, which leaves SMS off).",
                [nameof(AccountSid), nameof(AuthToken), nameof(From)]);
            yield break;
        }
        if (!AccountSidPattern().IsMatch(AccountSid!))
        {
            yield return new ValidationResult($"{Section}:AccountSid must be \"AC\" followed by 32 hex digits.", [nameof(AccountSid)]);
        }
        if (!E164().IsMatch(From!)) yield return new ValidationResult($"{Section}:From must be a number in E.164 form (+15551234567).", [nameof(From)]);
    }

    public static bool IsE164(string number) => E164().IsMatch(number);

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
