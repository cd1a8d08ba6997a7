namespace SocialFlow.Grains.Tests.Infrastructure;

/// <summary>Polls a condition that background work (the email dispatcher) makes true, within a time bound.</summary>
public static class Eventually
{
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
