using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SocialFlow.Grains.Infrastructure;

/// <summary>
/// Group commit for a writer whose callers await their own item (docs/architecture.md#write-path): callers queue an
/// item and await it; one loop (<see cref="RunAsync"/>, run by the owner's hosted service) takes everything queued, up
/// to the batch size, with no timed wait (while a batch is written, the next one gathers), and hands it to the write
/// function. One batch in flight keeps each item's writes in order; a writer whose items are independent may allow
/// <paramref name="inFlight"/> batches at once, so the database works on one while the next is written. The write
/// function may settle entries one by one (an item of the batch that failed alone); entries it leaves unsettled succeed
/// when it returns, and all of them fail with its exception when it throws.
/// </summary>
public sealed class BatchingQueue<T>(Func<IReadOnlyList<BatchingQueue<T>.Entry>, Task> write, int maxBatch, int inFlight = 1)
{
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = inFlight == 1 });

    public sealed class Entry(T item) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public T Item { get; } = item;
    }

    /// <summary>
    /// A write function for a writer whose batch succeeds or fails as a whole (one transaction): a batch that fails is
    /// written again item by item, so that an item that cannot be written fails alone and the others are written.
    /// </summary>
    public static Func<IReadOnlyList<Entry>, Task> ItemByItemOnFailure(Func<IReadOnlyList<T>, Task> write, ILogger logger, string items) => async batch =>
    {
        try
        {
            await write([.. batch.Select(e => e.Item)]);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            logger.LogWarning(e, "Writing {Count} {Items} at once failed; writing them one by one", batch.Count, items);
            foreach (var entry in batch)
            {
                try
                {
                    await write([entry.Item]);
                    entry.TrySetResult();
                }
                catch (Exception one)
                {
                    entry.TrySetException(one);
                }
            }
        }
    };

    /// <summary>Completes once the item's batch is written; false when the queue no longer takes items (stopping).</summary>
    public bool TryEnqueue(T item, out Task written)
    {
        var entry = new Entry(item);
        written = entry.Task;
        return _queue.Writer.TryWrite(entry);
    }

    /// <summary>Takes no more items; <see cref="RunAsync"/> writes what is queued and returns.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public Task RunAsync() => inFlight == 1 ? ReadAsync() : Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => ReadAsync()));

    private async Task ReadAsync()
    {
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = new List<Entry>();
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            if (batch.Count == 0) continue; // another loop took what woke this one
            try
            {
                await write(batch);
                foreach (var entry in batch) entry.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var entry in batch) entry.TrySetException(e);
            }
        }
    }
}
