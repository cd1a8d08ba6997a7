using Npgsql;

namespace SocialFlow.Grains.Users;

/// <summary>Finding an account's id by what a person types or an identity provider sends (the account directory's reads).</summary>
public sealed partial class AccountStore
{
    // Npgsql sends strings as text, and citext = text compares as text (case-sensitively): cast to citext.
    public Task<Guid?> IdByUsernameAsync(string username) => FindIdAsync("SELECT id FROM accounts WHERE username = $1::citext", username);

    public Task<Guid?> IdByEmailAsync(string email) => FindIdAsync("SELECT id FROM accounts WHERE email = $1::citext", email);

    public Task<Guid?> IdByExternalLoginAsync(string provider, string subject) =>
        FindIdAsync("SELECT user_id FROM external_logins WHERE provider = $1 AND subject = $2", provider, subject);

    private async Task<Guid?> FindIdAsync(string sql, params string[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var value in values) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return await cmd.ExecuteScalarAsync() is Guid id ? id : null;
    }
}
