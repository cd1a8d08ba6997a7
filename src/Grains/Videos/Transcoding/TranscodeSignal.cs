namespace SocialFlow.Grains.Videos;

/// <summary>Wakes this silo's transcode workers when a job was queued here, instead of waiting for the next poll.</summary>
public sealed class TranscodeSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Nudge() => _signal.Release();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await _signal.WaitAsync(timeout, ct); } catch (OperationCanceledException) { }
    }
}
