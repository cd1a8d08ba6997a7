using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OtpNet;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Infrastructure;

/// <summary>A fresh, never-used identity for one test.</summary>
public sealed record NewUser(Guid Id, string Email, string Username, string Password)
{
    public const string DefaultPassword = "Tr0ub4dor&3-horse-staple";

    public static NewUser Create()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        return new NewUser(Guid.NewGuid(), $"{name}@example.com", name, DefaultPassword);
    }

    public RegisterCommand Register => new(Email, Username, Password, null);
    public SignInCommand SignIn(string? totp = null, ClientInfo? client = null) => new(Password, totp, client ?? TestAccounts.Laptop);
}

public static partial class TestAccounts
{
    public static readonly ClientInfo Laptop = new("203.0.113.7", "tests/laptop");
    public static readonly ClientInfo Phone = new("198.51.100.9", "tests/phone");

    public static async Task<(IUserGrain Grain, NewUser User)> RegisterAsync(this IGrainFactory grains)
    {
        var user = NewUser.Create();
        var grain = grains.Ref<IUserGrain>(user.Id);
        Assert.Equal(RegisterOutcome.Created, await grain.RegisterAsync(user.Register));
        return (grain, user);
    }

    public static async Task<SignInResult> SignedInAsync(this IUserGrain grain, NewUser user, ClientInfo? client = null)
    {
        var result = await grain.SignInAsync(user.SignIn(client: client));
        Assert.Equal(SignInStatus.Succeeded, result.Status);
        return result;
    }

    /// <summary>The one-time token in the newest outbox email of a kind; emails carry it, the database keeps only its hash.</summary>
    public static async Task<string> TokenFromOutboxAsync(this TestDatabase db, string recipient, string kind)
    {
        var body = await db.ScalarAsync<string>(
            "SELECT text_body FROM email_outbox WHERE recipient = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1", recipient, kind);
        Assert.NotNull(body);
        return TokenIn(body);
    }

    public static string TokenIn(string text)
    {
        var match = TokenPattern().Match(text);
        Assert.True(match.Success, $"no token in: {text}");
        return match.Value;
    }

    /// <summary>True when <paramref name="token"/> is the live (unused) one-time token of that purpose stored for the user.</summary>
    public static async Task<bool> IsStoredTokenAsync(this TestDatabase db, Guid userId, string purpose, string token) =>
        await db.ScalarAsync<long>(
            "SELECT count(*) FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND token_hash = $3 AND used_at IS NULL",
            userId, purpose, SHA256.HashData(Encoding.UTF8.GetBytes(token))) == 1;

    /// <summary>The RFC 6238 code an authenticator app shows at <paramref name="at"/>.</summary>
    public static string TotpCode(string secret, DateTime at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at);

    [GeneratedRegex(@"[0-9a-f]{32}\.[A-Za-z0-9_-]{40,}")]
    private static partial Regex TokenPattern();
}
