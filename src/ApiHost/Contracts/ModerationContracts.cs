using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>`PUT /admin/users/{username}/role`: the account's level of power, and why (kept in the audit log).</summary>
public sealed record RoleChangeRequest(string? Role, string? Reason) : IValidatable
{
    public const int MaxReason = 500;

    public void Validate(FieldErrors errors)
    {
        errors.Required("role", Role, 20);
        if (Role is not null) errors.OneOf("role", Role, [.. AccountRoles.Levels]);
        errors.MaxLength("reason", Reason, MaxReason);
    }
}

/// <summary>The account's roles after the change.</summary>
public sealed record RoleChangeResponse(string Username, IReadOnlyList<string> Roles);

/// <summary>`PUT /admin/moderation/watched-words`: the whole list, replacing the one before.</summary>
public sealed record WatchedWordsRequest(IReadOnlyList<WatchedWordItem>? Words) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Words is null)
        {
            errors.Add("words", "is required (an empty list clears it)");
            return;
        }
        if (Words.Count > WatchedWordRules.MaxWords) errors.Add("words", $"must have at most {WatchedWordRules.MaxWords} entries");
        for (var i = 0; i < Words.Count && i < WatchedWordRules.MaxWords; i++)
        {
            var (field, w) = ($"words[{i}]", Words[i]);
            if (w is null)
            {
                errors.Add(field, "must be an object");
                continue;
            }
            if (!errors.Required($"{field}.pattern", w.Pattern, WatchedWordRules.MaxPattern)) continue;
            if (w.Match is not null) errors.OneOf($"{field}.match", w.Match, WatchedWordRules.Word, WatchedWordRules.Regex);
            errors.OneOf($"{field}.action", w.Action, WatchedWordRules.Flag, WatchedWordRules.Hold);
            if (w.Match == WatchedWordRules.Regex && WatchedWordRules.PatternError(w.Pattern!) is { } error) errors.Add($"{field}.pattern", $"is not a pattern this server runs: {error}");
            if (w.Match != WatchedWordRules.Regex && string.IsNullOrWhiteSpace(w.Pattern)) errors.Add($"{field}.pattern", "must not be blank");
        }
    }

    public IReadOnlyList<WatchedWord> ToWords() =>
        [.. Words!.Select(w => new WatchedWord(w.Match == WatchedWordRules.Regex ? w.Pattern! : w.Pattern!.Trim(), w.Match ?? WatchedWordRules.Word, w.Action!))];
}

/// <summary>One watched word or pattern: match is word (the default) or regex; action is flag or hold.</summary>
public sealed record WatchedWordItem(string? Pattern, string? Match, string? Action);

public sealed record WatchedWordsResponse(IReadOnlyList<WatchedWord> Words);
