using System.Text.RegularExpressions;

namespace SocialFlow.Testing;

/// <summary>Reads one-time tokens from the emails queued in the outbox table, as a user would from their inbox.</summary>
public static partial class Mailbox
{
    public static async Task<string> LatestTokenAsync(TestDatabase db, string recipient, string kind)
    {
        var body = await db.ScalarAsync<string>(
            "SELECT text_body FROM email_outbox WHERE recipient = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT 1", recipient, kind)
            ?? throw new InvalidOperationException($"no {kind} email for {recipient}");
        return TokenLine().Match(body) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no token in: {body}");
    }

    [GeneratedRegex(@"POST /api/v1/auth/[a-z-]+: (\S+)")]
    private static partial Regex TokenLine();
}
