using BitFaster.Caching.Lru;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// Owners' usernames for showing next to their content, remembered per API host: a username cannot change (there is
/// no endpoint for it), so the cache never goes stale. If renaming is ever added, it must announce the change here.
/// </summary>
public sealed class Usernames(IGrainFactory grains)
{
    private const int Capacity = 100_000;
    private readonly FastConcurrentLru<Guid, string> _known = new(Capacity); // full: the least recently used go

    public async ValueTask<string> OfAsync(Guid userId)
    {
        if (_known.TryGet(userId, out var name)) return name;
        name = await grains.Ref<IUserGrain>(userId).GetUsernameAsync() ?? "";
        if (name.Length == 0) return name;
        _known.AddOrUpdate(userId, name);
        return name;
    }
}
