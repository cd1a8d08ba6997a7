using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Validation;

namespace SocialFlow.ApiHost.Contracts;

public sealed record RegisterRequest(string? Email, string? Username, string? Password, string? DisplayName) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Email("email", Email);
        errors.Username("username", Username);
        errors.MaxLength("display_name", DisplayName, 60);
        if (PasswordPolicy.Check(Password, Username, Email) is { } reason) errors.Add("password", reason);
    }
}

public sealed record RegisterResponse(Guid Id, string Username, string Email, bool EmailVerified);

public sealed record LoginRequest(string? Login, string? Password, string? TotpCode) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("login", Login, 254);
        errors.Required("password", Password, PasswordPolicy.MaxLength);
        errors.MaxLength("totp_code", TotpCode, 16);
    }
}

public sealed record RefreshRequest(string? RefreshToken) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("refresh_token", RefreshToken, 200);
}

public sealed record TokenRequest(string? Token) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("token", Token, 200);
}

public sealed record ForgotPasswordRequest(string? Email) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Email("email", Email);
}

public sealed record ResetPasswordRequest(string? Token, string? NewPassword) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("token", Token, 200);
        if (PasswordPolicy.Check(NewPassword) is { } reason) errors.Add("new_password", reason);
    }
}

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("current_password", CurrentPassword, PasswordPolicy.MaxLength);
        if (PasswordPolicy.Check(NewPassword) is { } reason) errors.Add("new_password", reason);
    }
}

public sealed record TotpCodeRequest(string? Code) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("code", Code, 16);
}

public sealed record TotpDisableRequest(string? Password, string? Code) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("password", Password, PasswordPolicy.MaxLength);
        errors.Required("code", Code, 16);
    }
}

public sealed record TotpSetupResponse(string Secret, string OtpauthUri);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);
