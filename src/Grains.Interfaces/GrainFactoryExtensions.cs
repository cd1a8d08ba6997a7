using System.Collections.Concurrent;
using SocialFlow.Grains.Interfaces.Accounts;

namespace SocialFlow.Grains.Interfaces;

/// <summary>
/// The one way this codebase gets a grain reference: <c>grains.Ref&lt;IXGrain&gt;(key)</c>, for Guid, integer and string keys.
/// </summary>
public static class GrainFactoryExtensions
{
    private static readonly ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)> Types = new();

    /// <summary>
    /// The same reference as <c>GetGrain&lt;T&gt;(key)</c>, made without its per-call reflection: Orleans 10.4 reads the
    /// interface's attributes and formats its type name on every GetGrain, a few per cent of a hot request's CPU.
    /// Both type ids are fixed per interface, so they are resolved once.
    /// </summary>
    public static T Ref<T>(this IGrainFactory grains, Guid key) where T : IGrainWithGuidKey =>
        Make<T>(grains, GrainIdKeyExtensions.CreateGuidKey(key), static f => f.GetGrain<T>(Guid.Empty));

    /// <inheritdoc cref="Ref{T}(IGrainFactory, Guid)"/>
    public static T Ref<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        Make<T>(grains, GrainIdKeyExtensions.CreateIntegerKey(key), static f => f.GetGrain<T>(0));

    /// <inheritdoc cref="Ref{T}(IGrainFactory, Guid)"/>
    public static T Ref<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        Make<T>(grains, IdSpan.Create(key), static f => f.GetGrain<T>("_"));

    private static T Make<T>(IGrainFactory grains, IdSpan key, Func<IGrainFactory, T> sample)
    {
        var (grain, @interface) = Types.GetOrAdd(typeof(T), static (_, state) =>
        {
            var reference = (GrainReference)(object)state.sample(state.grains)!;
            return (reference.GrainId.Type, reference.InterfaceType);
        }, (grains, sample));
        return (T)grains.GetGrain(GrainId.Create(grain, key), @interface);
    }

    /// <summary>
    /// The account a username names, or null, asked of the account directory; names no account can have (empty, or
    /// over the 30 characters registration allows) are answered without a lookup.
    /// </summary>
    public static async Task<Guid?> UserIdOfAsync(this IGrainFactory grains, string username) =>
        username.Length is 0 or > 30 ? null : await grains.Ref<IAccountDirectoryGrain>(0).FindByUsernameAsync(username);

    /// <summary>
    /// As <see cref="UserIdOfAsync"/>, for showing the account (its profile and lists) to <paramref name="viewerId"/>:
    /// also null when the account is suspended and the viewer is someone else (one memory read of the user grain).
    /// </summary>
    public static async Task<Guid?> VisibleUserIdOfAsync(this IGrainFactory grains, string username, Guid? viewerId)
    {
        if (await grains.UserIdOfAsync(username) is not { } id) return null;
        if (id == viewerId) return id;
        return (await grains.Ref<Users.IUserGrain>(id).GetStatusAsync())?.Standing == Moderation.AccountStanding.Suspended ? null : id;
    }
}
