using System.Collections.Concurrent;
using SocialFlow.Grains.Interfaces.Accounts;

namespace SocialFlow.Grains.Interfaces;

public static class GrainFactoryExtensions
{
    private static readonly ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)> Types = new();

    /// <summary>
    /// The same reference as <c>GetGrain&lt;T&gt;(key)</c>, made without its per-call reflection: Orleans 10.4 reads the
    /// interface's attributes and formats its type name on every GetGrain, a few per cent of a hot request's CPU.
    /// Both type ids are fixed per interface, so they are resolved once.
    /// </summary>
    public static T Ref<T>(this IGrainFactory grains, Guid key) where T : IGrainWithGuidKey
    {
        var (grain, @interface) = Types.GetOrAdd(typeof(T), static (_, factory) =>
        {
            var sample = (GrainReference)(object)factory.GetGrain<T>(Guid.Empty);
            return (sample.GrainId.Type, sample.InterfaceType);
        }, grains);
        return (T)grains.GetGrain(GrainId.Create(grain, GrainIdKeyExtensions.CreateGuidKey(key)), @interface);
    }

    /// <summary>
    /// The account a username names, or null, asked of the account directory; names no account can have (empty, or
    /// over the 30 characters registration allows) are answered without a lookup.
    /// </summary>
    public static async Task<Guid?> UserIdOfAsync(this IGrainFactory grains, string username) =>
        username.Length is 0 or > 30 ? null : await grains.GetGrain<IAccountDirectoryGrain>(0).FindByUsernameAsync(username);
}
