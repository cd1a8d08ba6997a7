namespace SocialFlow.Grains.Infrastructure;

/// <summary>
/// Group read, group commit's twin for reads by key (docs/architecture.md#write-path): callers ask for one key and await
/// its value; what is asked while a read runs is read next, in one statement for the distinct keys (a
/// <see cref="BatchingQueue{T}"/>, no timed wait: a lone caller is read at once). Under a stream of events the handlers'
/// reads of "the post as it is now" become one statement a batch instead of one a post: a round trip costs both
/// processes more CPU than the primary-key lookup it carries. A key the read does not return has no value (the row is
/// gone); a failed read fails every caller of its batch. The value is read after the caller asked, so it is as current
/// as a read of its own.
/// </summary>
public sealed class GroupReader<TKey, TValue> where TKey : notnull where TValue : class
{
    private readonly BatchingQueue<Request> _requests;

    private sealed class Request(TKey key)
    {
        public TKey Key { get; } = key;

        public TValue? Value { get; set; }
    }

    /// <param name="read">Reads the values of distinct keys; keys without a row are left out.</param>
    /// <param name="inFlight">Reads at once: a slow read does not hold up the next batch.</param>
    public GroupReader(Func<IReadOnlyList<TKey>, Task<IReadOnlyDictionary<TKey, TValue>>> read, int maxBatch = 256, int inFlight = 2)
    {
        _requests = new BatchingQueue<Request>(async batch =>
        {
            var values = await read([.. batch.Select(e => e.Item.Key).Distinct()]);
            foreach (var entry in batch) entry.Item.Value = values.GetValueOrDefault(entry.Item.Key);
        }, maxBatch, inFlight);
        // Started outside the caller's context: a grain's scheduler would run the loop for every reader of the silo.
        _ = Task.Run(_requests.RunAsync);
    }

    public async Task<TValue?> ReadAsync(TKey key)
    {
        var request = new Request(key);
        _requests.TryEnqueue(request, out var read); // always taken: this queue is never completed
        await read;
        return request.Value;
    }
}
