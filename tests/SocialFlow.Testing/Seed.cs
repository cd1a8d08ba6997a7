using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using SocialFlow.ApiHost.Auth;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Testing;

/// <summary>Items and users for tests, made without the (separately tested) sign-up and content APIs.</summary>
public static class Seed
{
    /// <summary>Publishes an item through IContentGrain, as the video, post and comment grains do.</summary>
    public static async Task<Guid> ItemAsync(this WebApplicationFactory<Program> factory, Guid ownerId, ContentKind kind = ContentKind.Video, Visibility visibility = Visibility.Public)
    {
        var id = Guid.CreateVersion7();
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        await grains.Ref<IContentGrain>(id).PublishAsync(new ContentInfo(id, kind, ownerId, visibility, null, DateTimeOffset.UtcNow));
        return id;
    }

    /// <summary>
    /// Accounts and sessions written straight to PostgreSQL, and access tokens from the host's own issuer: every request
    /// still passes the real token and session checks, without an Argon2 hash per user.
    /// </summary>
    public static async Task<List<(Guid Id, string Token)>> UsersAsync(this WebApplicationFactory<Program> factory, string connectionString, int count) =>
        [.. (await factory.NamedUsersAsync(connectionString, count)).Select(u => (u.Id, u.Token))];

    /// <summary>As <see cref="UsersAsync"/>, with each user's (random) username.</summary>
    public static async Task<List<(Guid Id, string Username, string Token)>> NamedUsersAsync(
        this WebApplicationFactory<Program> factory, string connectionString, int count)
    {
        var users = Enumerable.Range(0, count).Select(_ => (Id: Guid.CreateVersion7(), Session: Guid.NewGuid(), Name: "u" + Guid.NewGuid().ToString("N")[..14])).ToList();
        await using (var db = NpgsqlDataSource.Create(connectionString))
        await using (var cmd = db.CreateCommand("""
            WITH a AS (INSERT INTO accounts (id, email, username, password_hash)
                       SELECT id, name || '@example.com', name, 'seeded-no-password' FROM unnest($1::uuid[], $3::text[]) AS t(id, name))
            INSERT INTO sessions (id, user_id, expires_at) SELECT s, id, now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS t(id, s)
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = users.Select(u => u.Id).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = users.Select(u => u.Session).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = users.Select(u => u.Name).ToArray() });
            await cmd.ExecuteNonQueryAsync();
        }
        var issuer = factory.Services.GetRequiredService<AccessTokenIssuer>();
        return users.Select(u => (u.Id, u.Name, issuer.Issue(u.Id, new SignInResult(SignInStatus.Succeeded, u.Session, "unused", u.Name, ["user"])).AccessToken)).ToList();
    }

    /// <summary>
    /// Gives the token's account a role through its user grain, as the role API does, and returns an access token of the
    /// same session that carries it (as the session's next refresh would).
    /// </summary>
    public static async Task<string> GrantRoleAsync(this WebApplicationFactory<Program> factory, string accessToken, string role)
    {
        var token = new JsonWebToken(accessToken);
        var userId = Guid.Parse(token.Subject);
        var held = token.Claims.Where(c => c.Type == "role").Select(c => c.Value);
        var roles = await factory.Services.GetRequiredService<IGrainFactory>().Ref<IUserGrain>(userId).SetRolesAsync([.. held, role], AuditActor.CommandLine, "test seed");
        var session = new SignInResult(SignInStatus.Succeeded, Guid.Parse(token.GetClaim("sid").Value), "unused", token.GetClaim("name").Value, roles);
        return factory.Services.GetRequiredService<AccessTokenIssuer>().Issue(userId, session).AccessToken;
    }

    public static IContentGrain GetGrain(this IServiceProvider services, Guid id) =>
        services.GetRequiredService<IGrainFactory>().Ref<IContentGrain>(id);

    public static async Task<(Guid Id, string Token)> UserAsync(this WebApplicationFactory<Program> factory, string connectionString) =>
        (await factory.UsersAsync(connectionString, 1))[0];
}
