using Npgsql;
using SocialFlow.Grains.Interfaces.Content;

namespace SocialFlow.Grains.Content;

/// <summary>
/// First cut: registration, visibility and counter reads. Likes, bookmarks, reactions and views
/// come with the group-commit writer (issue 3, engagement part).
/// </summary>
public sealed class ContentGrain(NpgsqlDataSource db) : Grain, IContentGrain
{
    private ContentInfo? _info;
    private bool _deleted;
    private ContentCounts _counts = new(0, 0, 0, 0, new Dictionary<string, long>());

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT c.kind, c.owner_id, c.visibility, c.parent_id, c.created_at, c.deleted_at IS NOT NULL,
                   coalesce(k.likes, 0), coalesce(k.views, 0), coalesce(k.comments, 0), coalesce(k.bookmarks, 0)
            FROM content c LEFT JOIN content_counters k ON k.content_id = c.id WHERE c.id = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = this.GetPrimaryKey() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return;
        _info = new ContentInfo(this.GetPrimaryKey(), Enum.Parse<ContentKind>(r.GetString(0), true), r.GetGuid(1),
            Enum.Parse<Visibility>(r.GetString(2), true), r.IsDBNull(3) ? null : r.GetGuid(3), r.GetFieldValue<DateTimeOffset>(4));
        _deleted = r.GetBoolean(5);
        _counts = new ContentCounts(r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), new Dictionary<string, long>());
    }

    public async Task PublishAsync(ContentInfo info)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO content (id, kind, owner_id, visibility, parent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET visibility = EXCLUDED.visibility
            """);
        foreach (var value in new object[] { info.Id, Lower(info.Kind), info.OwnerId, Lower(info.Visibility), (object?)info.ParentId ?? DBNull.Value, info.CreatedAt })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.ExecuteNonQueryAsync();
        _info = info;
    }

    public async Task RemoveAsync()
    {
        await using var cmd = db.CreateCommand("UPDATE content SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = this.GetPrimaryKey() });
        await cmd.ExecuteNonQueryAsync();
        _deleted = true;
    }

    public Task<ContentInfo?> GetInfoAsync() => Task.FromResult(_deleted ? null : _info);

    public Task<bool> CanViewAsync(Guid? viewerId) => Task.FromResult(_info is { } info && !_deleted &&
        (info.Visibility is Visibility.Public or Visibility.Unlisted || info.OwnerId == viewerId));

    public Task<ContentCounts> GetCountsAsync() => Task.FromResult(_counts);

    public Task<ViewerState> GetViewerStateAsync(Guid viewerId) => Task.FromResult(new ViewerState(false, false, null));

    public Task CommentsChangedAsync(int delta)
    {
        _counts = _counts with { Comments = Math.Max(0, _counts.Comments + delta) };
        return Task.CompletedTask;
    }

    public Task<EngagementResult> LikeAsync(Guid userId) => throw new NotSupportedException("Likes arrive with the engagement writer.");
    public Task<EngagementResult> UnlikeAsync(Guid userId) => throw new NotSupportedException("Likes arrive with the engagement writer.");
    public Task<EngagementResult> BookmarkAsync(Guid userId) => throw new NotSupportedException("Bookmarks arrive with the engagement writer.");
    public Task<EngagementResult> UnbookmarkAsync(Guid userId) => throw new NotSupportedException("Bookmarks arrive with the engagement writer.");
    public Task<EngagementResult> ReactAsync(Guid userId, string? reaction) => throw new NotSupportedException("Reactions arrive with the engagement writer.");
    public Task<bool> RecordViewAsync(string viewerKey, int? watchSeconds) => throw new NotSupportedException("Views arrive with the engagement writer.");

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
