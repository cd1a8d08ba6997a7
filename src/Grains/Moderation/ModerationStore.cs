using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>The SQL of moderation's own tables: watched words (this file), reports, cases, strikes and appeals.</summary>
public sealed partial class ModerationStore(NpgsqlDataSource db, IOptions<ModerationOptions> options)
{
    private TimeSpan AppealWindow => options.Value.AppealWindow;

    public async Task<IReadOnlyList<WatchedWord>> ListWatchedWordsAsync()
    {
        await using var cmd = db.CreateCommand("SELECT pattern, match, action FROM watched_words ORDER BY match, pattern");
        await using var r = await cmd.ExecuteReaderAsync();
        var words = new List<WatchedWord>();
        while (await r.ReadAsync()) words.Add(new WatchedWord(r.GetString(0), r.GetString(1), r.GetString(2)));
        return words;
    }

    /// <summary>Replaces the list and appends its audit row, in one transaction.</summary>
    public async Task ReplaceWatchedWordsAsync(IReadOnlyList<WatchedWord> words, AuditEntry audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("DELETE FROM watched_words");
        await tx.ExecuteAsync("""
            INSERT INTO watched_words (id, pattern, match, action, created_by)
            SELECT gen_random_uuid(), p, m, a, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS w(p, m, a)
            """, words.Select(w => w.Pattern).ToArray(), words.Select(w => w.Match).ToArray(), words.Select(w => w.Action).ToArray(),
            (object?)audit.Actor.UserId ?? DBNull.Value);
        await AuditLog.AppendAsync(tx, audit);
        await tx.CommitAsync();
    }
}
