namespace SocialFlow.Testing;

/// <summary>Bounded waits for what background work (fan-out, dispatchers, sweepers) makes true.</summary>
public static class Eventually
{
    /// <summary>Reads until the value satisfies the condition or the time is up (then returns the last value read).</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    /// <summary>Polls until the probe returns a value; throws naming <paramref name="what"/> when the time is up.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan within, string what) where T : class
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {within.TotalSeconds:0.#} s: {what}");
            await Task.Delay(50);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what) =>
        ReturnsAsync<object>(async () => await condition() ? true : null, within, what);
}
