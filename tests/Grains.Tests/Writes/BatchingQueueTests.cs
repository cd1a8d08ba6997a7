using SocialFlow.Grains.Infrastructure;

namespace SocialFlow.Grains.Tests.Writes;

/// <summary>The group commit's queue on its own: what waits while a batch is written, with one batch in flight and with two.</summary>
public sealed class BatchingQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OneInFlight_TheNextBatchWaitsForTheWrittenOne_ThenTakesEverythingQueued()
    {
        var (queue, batches, release) = Blocking(inFlight: 1);
        var running = queue.RunAsync();
        Assert.True(queue.TryEnqueue(1, out var first));
        await batches.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.True(queue.TryEnqueue(2, out var second));
        Assert.True(queue.TryEnqueue(3, out var third));

        await Task.Delay(200);
        Assert.False(batches.Reader.TryRead(out _));
        release.Release();
        await first.WaitAsync(Bound);
        var next = await batches.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        release.Release();
        await Task.WhenAll(second, third).WaitAsync(Bound);

        Assert.Equal([2, 3], next);
        queue.Complete();
        await running.WaitAsync(Bound);
    }

    [Fact]
    public async Task TwoInFlight_ASecondBatchIsWrittenWhileTheFirstIsBlocked_AndAFailureFailsOnlyItsOwnBatch()
    {
        var (queue, batches, release) = Blocking(inFlight: 2, failing: 2);
        var running = queue.RunAsync();
        Assert.True(queue.TryEnqueue(1, out var first));
        await batches.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.True(queue.TryEnqueue(2, out var second));

        var secondBatch = await batches.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([2], secondBatch);
        release.Release(2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Bound));
        await first.WaitAsync(Bound);
        queue.Complete();
        await running.WaitAsync(Bound);
    }

    /// <summary>A queue whose writes report each batch, then wait for a release; a batch holding <paramref name="failing"/> throws.</summary>
    private static (BatchingQueue<int> Queue, System.Threading.Channels.Channel<int[]> Batches, SemaphoreSlim Release) Blocking(int inFlight, int? failing = null)
    {
        var batches = System.Threading.Channels.Channel.CreateUnbounded<int[]>();
        var release = new SemaphoreSlim(0);
        var queue = new BatchingQueue<int>(async entries =>
        {
            int[] items = [.. entries.Select(e => e.Item)];
            batches.Writer.TryWrite(items);
            await release.WaitAsync();
            if (failing is { } f && items.Contains(f)) throw new InvalidOperationException("this batch failed");
        }, maxBatch: 100, inFlight);
        return (queue, batches, release);
    }
}
