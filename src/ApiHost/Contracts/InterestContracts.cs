using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Interests;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>`PUT /users/me/interests` body: the interests the person picks (replacing the ones picked before), at most 50,
/// each written as a hashtag (letters, digits, underscores; a leading '#' dropped; stored lower case), 1 to 50 characters.</summary>
public sealed record InterestsRequest(IReadOnlyList<string>? Interests) : IValidatable
{
    public const string RuleText = "each must be 1 to 50 letters, digits or underscores with a letter or underscore, as a hashtag";

    public void Validate(FieldErrors errors)
    {
        if (Interests is null) errors.Add("interests", "is required (an empty list clears them)");
        else if (Interests.Count > Interest.MaxPicked) errors.Add("interests", $"at most {Interest.MaxPicked} interests");
        else if (Interests.Any(i => Interest.Normalise(i) is null)) errors.Add("interests", RuleText);
    }
}

/// <summary>One interest: source picked (by the person; weight 1) or inferred (from what they do, with its weight 0 to 1);
/// kind tag, or account (then account_id names it, and interest is '@' and the id, as DELETE takes it).</summary>
public sealed record InterestResponse(string Interest, string Source, double Weight, DateTimeOffset UpdatedAt, string Kind, Guid? AccountId)
{
    public static InterestResponse From(UserInterest i)
    {
        var account = Grains.Interfaces.Interests.Interest.AccountOf(i.Interest);
        return new(i.Interest, i.Source == InterestSource.Picked ? "picked" : "inferred", i.Weight, i.UpdatedAt, account is null ? "tag" : "account", account);
    }
}

public sealed record InterestsResponse(IReadOnlyList<InterestResponse> Interests)
{
    public static InterestsResponse From(IReadOnlyList<UserInterest> interests) => new([.. interests.Select(InterestResponse.From)]);
}
