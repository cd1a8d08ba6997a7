namespace SocialFlow.StripeStandIn;

/// <summary>
/// A test's grip on the stand-in: requests whose path starts with <see cref="PathPrefix"/> are carried out (the state
/// changes, events are recorded) but their answers wait until the hold is disposed, as when a caller dies after
/// Stripe acted and before it heard back. <see cref="Reached"/> completes when the first such request is held.
/// </summary>
public sealed class StandInHold(string pathPrefix, Action release) : IDisposable
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string PathPrefix { get; } = pathPrefix;

    public Task Reached => _reached.Task;

    internal async Task WaitAsync(CancellationToken ct)
    {
        _reached.TrySetResult();
        try
        {
            await _released.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // the caller went away: nobody is left to answer
        }
    }

    public void Dispose()
    {
        release();
        _released.TrySetResult();
    }
}
