namespace SocialFlow.Grains.Infrastructure.Caching;

/// <summary>
/// A value one grain activation reuses for a time to live and then loads again: one load at a time however many calls
/// want it, and while a load runs, calls get the previous value for up to one more time to live (so a read is as old as
/// twice the time to live at most and waits for a load only when there is nothing recent enough). A time to live of
/// zero loads for every call. Not thread-safe: an activation's turns never run at once, and this relies on it. Why not
/// FusionCache or HybridCache: they key values process-wide; this is a few values private to an activation.
/// </summary>
public sealed class RefreshingValue<T>(TimeProvider clock)
{
    private T? _value;
    private long? _loadedAt;
    private Task<T>? _loading;

    public async ValueTask<T> GetAsync(TimeSpan timeToLive, Func<Task<T>> load)
    {
        if (timeToLive <= TimeSpan.Zero) return await load();
        var age = _loadedAt is { } at ? clock.GetElapsedTime(at) : TimeSpan.MaxValue;
        if (age < timeToLive) return _value!;
        if (_loading is null || _loading.IsCompleted) _loading = LoadAsync(load);
        return age < timeToLive * 2 ? _value! : await _loading;
    }

    private async Task<T> LoadAsync(Func<Task<T>> load)
    {
        var started = clock.GetTimestamp();
        var value = await load();
        (_value, _loadedAt) = (value, started);
        return value;
    }
}
