using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Security;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Accounts;

[StatelessWorker]
public sealed class AccountDirectoryGrain(NpgsqlDataSource db) : Grain, IAccountDirectoryGrain
{
    public Task<Guid?> FindByLoginAsync(string login) =>
        login.Contains('@') ? FindByEmailAsync(login) : FindByUsernameAsync(login);

    // Npgsql sends strings as text, and citext = text compares as text (case-sensitively): cast to citext.
    public Task<Guid?> FindByUsernameAsync(string username) => FindAsync("SELECT id FROM accounts WHERE username = $1::citext", username);

    public Task<Guid?> FindByEmailAsync(string email) => FindAsync("SELECT id FROM accounts WHERE email = $1::citext", email);

    public Task<Guid?> FindByExternalLoginAsync(string provider, string subject) =>
        FindAsync("SELECT user_id FROM external_logins WHERE provider = $1 AND subject = $2", provider, subject);

    public async Task<SignInResult> RefuseUnknownLoginAsync(string password)
    {
        await Task.Run(() => PasswordHasher.VerifyAgainstNothing(password));
        return SignInResult.Failed(SignInStatus.InvalidCredentials);
    }

    private async Task<Guid?> FindAsync(string sql, params string[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var value in values) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return await cmd.ExecuteScalarAsync() is Guid id ? id : null;
    }
}
