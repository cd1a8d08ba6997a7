using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Notifications;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// One user's notifications over PostgreSQL (rows grouped by type and subject, see NotificationStore). Not reentrant:
/// facts for one user apply one after another. Preferences are cached per activation; API hosts with the user's
/// SignalR connections register as observers and get each change and the unread count.
/// </summary>
public sealed class NotificationGrain(
    NotificationStore store, NotificationSettingsStore settings, INotificationActorFilter filter,
    IOptions<NotificationOptions> options, IOptions<ObserverLeaseOptions> leases, TimeProvider clock, ILogger<NotificationGrain> logger)
    : Grain, INotificationGrain
{
    private readonly ObserverManager<INotificationObserver> _observers = new(leases.Value.Lease, logger)
    {
        GetDateTime = () => clock.GetUtcNow().UtcDateTime,
    };
    private Dictionary<(NotificationType, NotificationChannel), bool>? _preferences;
    private long? _lastPushedUnread;

    private Guid UserId => this.GetPrimaryKey();

    public async Task ApplyAsync(NotificationInput input)
    {
        // A system notice is the platform speaking: the sending admin's account is not an actor one can mute.
        if (input.Type != NotificationType.System && (input.ActorId == UserId || await filter.SuppressesAsync(UserId, input.ActorId))) return;
        var inApp = await EnabledAsync(input.Type, NotificationChannel.InApp);
        var deliveries = new List<(NotificationChannel, TimeSpan)>();
        if (await EnabledAsync(input.Type, NotificationChannel.Push)) deliveries.Add((NotificationChannel.Push, options.Value.PushDelay));
        if (await EnabledAsync(input.Type, NotificationChannel.Email)) deliveries.Add((NotificationChannel.Email, TimeSpan.Zero));
        if (!inApp && deliveries.Count == 0) return;
        var id = await store.ApplyAsync(UserId, input, inApp, deliveries, clock.GetUtcNow());
        if (id is not null && inApp) await PushAsync(id.Value);
    }

    public async Task PushAsync(Guid notificationId)
    {
        if (_observers.Count == 0) return;
        var view = await store.GetAsync(UserId, notificationId);
        var unread = await store.UnreadCountAsync(UserId);
        _lastPushedUnread = unread;
        if (view is not null) _observers.Notify(o => { _ = o.NotificationChanged(UserId, view, unread); });
    }

    public async Task<NotificationPage> ListAsync(PageCursor? after, bool unreadOnly, int limit)
    {
        var rows = await store.ListAsync(UserId, after, unreadOnly, limit + 1);
        var page = rows.Count > limit ? rows[..limit] : rows;
        return new NotificationPage(page, rows.Count > limit ? new PageCursor(page[^1].UpdatedAt, page[^1].Id) : null);
    }

    public async Task<bool> MarkReadAsync(Guid notificationId)
    {
        if (!await store.MarkReadAsync(UserId, notificationId)) return false;
        await PushUnreadAsync(force: false);
        return true;
    }

    public async Task<int> MarkAllReadAsync()
    {
        var changed = await store.MarkAllReadAsync(UserId);
        await PushUnreadAsync(force: false);
        return changed;
    }

    public Task<long> GetUnreadCountAsync() => store.UnreadCountAsync(UserId);

    public async Task<IReadOnlyList<NotificationPreference>> GetPreferencesAsync()
    {
        var chosen = await PreferencesAsync();
        return [.. from t in Enum.GetValues<NotificationType>()
                   from c in Enum.GetValues<NotificationChannel>()
                   where c != NotificationChannel.Sms
                   select new NotificationPreference(t, c, chosen.TryGetValue((t, c), out var e) ? e : NotificationDefaults.Enabled(t, c))];
    }

    public async Task<IReadOnlyList<NotificationPreference>> SetPreferencesAsync(IReadOnlyList<NotificationPreference> changes)
    {
        await settings.SavePreferencesAsync(UserId, changes);
        var chosen = await PreferencesAsync();
        foreach (var c in changes) chosen[(c.Type, c.Channel)] = c.Enabled;
        return await GetPreferencesAsync();
    }

    public Task RegisterDeviceAsync(string token, string platform) =>
        settings.RegisterDeviceAsync(UserId, token, platform, INotificationGrain.MaxDevices);

    public Task<bool> RemoveDeviceAsync(string token) => settings.RemoveDeviceAsync(UserId, token);

    /// <summary>Also the renewal: the unread count is re-checked then, so that a set-based row whose push was missed
    /// (this activation was new and had no observers yet) still reaches a connected user within one renewal period.</summary>
    public async Task WatchAsync(INotificationObserver observer)
    {
        _observers.Subscribe(observer, observer);
        await store.WatchedUntilAsync(UserId, clock.GetUtcNow() + leases.Value.Lease);
        await PushUnreadAsync(force: false);
    }

    public Task UnwatchAsync(INotificationObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task PushUnreadAsync(bool force)
    {
        // Lapsed observers still count here; the push drops them, so a gone host costs one read at most.
        if (_observers.Count == 0) return;
        var unread = await store.UnreadCountAsync(UserId);
        if (!force && unread == _lastPushedUnread) return;
        _lastPushedUnread = unread;
        _observers.Notify(o => { _ = o.UnreadCountChanged(UserId, unread); });
    }

    private async Task<bool> EnabledAsync(NotificationType type, NotificationChannel channel) =>
        (await PreferencesAsync()).TryGetValue((type, channel), out var e) ? e : NotificationDefaults.Enabled(type, channel);

    private async Task<Dictionary<(NotificationType, NotificationChannel), bool>> PreferencesAsync() =>
        _preferences ??= await settings.LoadPreferencesAsync(UserId);
}
