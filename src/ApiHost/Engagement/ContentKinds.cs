using BitFaster.Caching.Lru;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Engagement;

/// <summary>
/// The kind of an item never changes, so this host remembers it: the route's kind (videos, posts, comments) is
/// checked without a grain call on the hot path. Visibility and deletion are not cached: the grain checks them.
/// </summary>
public sealed class ContentKinds(IGrainFactory grains)
{
    private const int Capacity = 200_000;
    private readonly FastConcurrentLru<Guid, ContentKind> _known = new(Capacity); // full: the least recently used go

    public static readonly IReadOnlyDictionary<string, ContentKind> Routes = new Dictionary<string, ContentKind>(StringComparer.Ordinal)
    {
        ["videos"] = ContentKind.Video,
        ["posts"] = ContentKind.Post,
        ["comments"] = ContentKind.Comment,
    };

    /// <summary>The route pattern constraint matching <see cref="Routes"/>.</summary>
    public const string RouteConstraint = "regex(^(videos|posts|comments)$)";

    /// <summary>True when the item exists (or existed) as the kind the route names.</summary>
    public async ValueTask<bool> IsAsync(Guid id, string routeKind)
    {
        if (!Routes.TryGetValue(routeKind, out var expected)) return false;
        if (_known.TryGet(id, out var kind)) return kind == expected;
        var info = await grains.Ref<IContentGrain>(id).GetInfoAsync();
        if (info is null) return false;
        _known.AddOrUpdate(id, info.Kind);
        return info.Kind == expected;
    }
}
