using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using SocialFlow.ApiHost.Auth;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Load;

/// <summary>
/// Seeds straight into PostgreSQL, because what is measured is engagement, not sign-up: N accounts, each with one
/// open session (one shared placeholder password hash: nobody logs in with a password, which would cost an Argon2id
/// verification per user), access tokens minted with the host's signing key for those sessions (every request still
/// passes the host's JWT validation and its per-request session check), and M public ready videos (their `content` rows, what PublishAsync writes, and their `videos` rows).
/// </summary>
public static class Seeder
{
    public static async Task<(string[] Tokens, Guid[] Videos, Guid[] Users)> SeedAsync(string connectionString, string signingKey, int users, int videos)
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
        await SeedReadyVideosAsync(db, videoIds, ids);

        var issuer = new AccessTokenIssuer(Options.Create(new JwtOptions { SigningKey = signingKey }), TimeProvider.System);
        var tokens = ids.Select((id, i) => issuer.Issue(id, new SignInResult(SignInStatus.Succeeded, sessions[i], "unused", names[i], ["user"])).AccessToken).ToArray();
        return (tokens, videoIds, ids);
    }

    /// <summary>
    /// The `videos` rows of ready public videos (what VideoGrain writes after a transcode, state serialized with the
    /// Orleans serializer as VideoStore does), so that GET /videos/{id} serves them without 1,000 real transcodes.
    /// </summary>
    private static async Task SeedReadyVideosAsync(NpgsqlDataSource db, Guid[] videoIds, Guid[] owners)
    {
        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(VideoState).Assembly).AddAssembly(typeof(Rendition).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();
        var now = DateTimeOffset.UtcNow;
        var ownerOf = videoIds.Select((_, i) => owners[(i + 1) % owners.Length]).ToArray();
        var states = videoIds.Select((_, i) => serializer.SerializeToArray(new VideoState
        {
            OwnerId = ownerOf[i], Title = $"Load video {i}", Visibility = VideoVisibility.Public, Status = VideoStatus.Ready,
            SizeBytes = 1_000_000, UploadOffset = 1_000_000, DurationSeconds = 2, Width = 320, Height = 240,
            Renditions = [new Rendition("240p", 320, 240, 288)], ThumbnailCount = 1, CreatedAt = now, UpdatedAt = now, ReadyAt = now,
        })).ToArray();
        await using var cmd = db.CreateCommand("""
            INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, upload_offset, duration_seconds, width, height,
                                created_at, ready_at, version, state)
            SELECT v, o, 'Load video', 'public', 'ready', 1000000, 1000000, 2, 320, 240, now(), now(), 1, s
            FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) AS t(v, o, s)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = videoIds });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ownerOf });
        cmd.Parameters.Add(new NpgsqlParameter { Value = states });
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<(long Rows, long Counted)> CountLikesAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand("SELECT (SELECT count(*) FROM likes), (SELECT coalesce(sum(likes), 0)::bigint FROM content_counters)");
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Seeded tables vacuumed and analysed, as a database in steady state would be: otherwise the planner has no
    /// statistics for them and autovacuum of the fresh rows runs during the measurement.
    /// </summary>
    public static async Task VacuumAsync(NpgsqlDataSource db, params string[] tables)
    {
        foreach (var table in tables)
        {
            await using var vacuum = db.CreateCommand($"VACUUM (ANALYZE) {table}");
            vacuum.CommandTimeout = 1_800;
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }
}
