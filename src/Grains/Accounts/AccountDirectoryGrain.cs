using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Accounts;

namespace SocialFlow.Grains.Accounts;

[StatelessWorker]
public sealed class AccountDirectoryGrain(NpgsqlDataSource db) : Grain, IAccountDirectoryGrain
{
    public Task<Guid?> FindByLoginAsync(string login) =>
        login.Contains('@') ? FindByEmailAsync(login) : FindByUsernameAsync(login);

    // Npgsql sends strings as text, and citext = text compares as text (case-sensitively): cast to citext.
    public Task<Guid?> FindByUsernameAsync(string username) => FindAsync("SELECT id FROM accounts WHERE username = $1::citext", username);

    public Task<Guid?> FindByEmailAsync(string email) => FindAsync("SELECT id FROM accounts WHERE email = $1::citext", email);

    private async Task<Guid?> FindAsync(string sql, string value)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return await cmd.ExecuteScalarAsync() is Guid id ? id : null;
    }
}
