using SocialFlow.ApiHost.Validation;
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
