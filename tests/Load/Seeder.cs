using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.ApiHost.Auth;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Load;

/// <summary>
/// Seeds straight into PostgreSQL, because what is measured is engagement, not sign-up: N accounts, each with one
/// open session (one shared placeholder password hash: nobody logs in with a password, which would cost an Argon2id
/// verification per user), access tokens minted with the host's signing key for those sessions (every request still
/// passes the host's JWT validation and its per-request session check), and M public videos as `content` rows,
/// which is what the video grain's PublishAsync writes.
/// </summary>
public static class Seeder
{
    public static async Task<(string[] Tokens, Guid[] Videos)> SeedAsync(string connectionString, string signingKey, int users, int videos)
    {
        var ids = Enumerable.Range(0, users).Select(_ => Guid.CreateVersion7()).ToArray();
        var sessions = Enumerable.Range(0, users).Select(_ => Guid.NewGuid()).ToArray();
        var names = ids.Select(_ => "load" + Guid.NewGuid().ToString("N")[..24]).ToArray();
        var videoIds = Enumerable.Range(0, videos).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var db = NpgsqlDataSource.Create(connectionString);
        await Execute(db, """
            INSERT INTO accounts (id, email, username, password_hash)
            SELECT id, name || '@load.invalid', name, 'seeded-for-load-no-password' FROM unnest($1::uuid[], $2::text[]) AS t(id, name)
            """, ids, names);
        await Execute(db, "INSERT INTO sessions (id, user_id, expires_at) SELECT s, u, now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS t(s, u)",
            sessions, ids);
        await Execute(db, """
            INSERT INTO content (id, kind, owner_id, visibility, created_at)
            SELECT v, 'video', $2[1 + (i % array_length($2, 1))], 'public', now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(v, i)
            """, videoIds, ids);

        var issuer = new AccessTokenIssuer(Options.Create(new JwtOptions { SigningKey = signingKey }), TimeProvider.System);
        var tokens = ids.Select((id, i) => issuer.Issue(id, new SignInResult(SignInStatus.Succeeded, sessions[i], "unused", names[i], ["user"])).AccessToken).ToArray();
        return (tokens, videoIds);
    }

    public static async Task<(long Rows, long Counted)> CountLikesAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand("SELECT (SELECT count(*) FROM likes), (SELECT coalesce(sum(likes), 0)::bigint FROM content_counters)");
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }
}
