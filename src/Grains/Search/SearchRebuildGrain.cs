using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>One batch of a rebuild per call: the next items after the recorded position, each indexed as the live
/// indexers do, then the new position. Its state is the table's, so any activation may serve the next call.</summary>
[StatelessWorker(1)]
public sealed class SearchRebuildGrain(
    SearchSourcesReadModel sources, SearchRebuildPositions positions, SearchIndexer posts, VideoSearchIndexer videos, LiveSearchIndexer streams,
    ILogger<SearchRebuildGrain> logger)
    : Grain, ISearchRebuildGrain
{
    private const int Concurrency = 16;

    public async Task<RebuildProgress> RebuildBatchAsync(SearchType kind, bool restart, int batchSize)
    {
        var name = SearchDocument.KindOf(kind);
        var (last, indexed) = await positions.RebuildPositionAsync(name, restart);
        var (items, total) = await sources.ItemsAfterAsync(name, last, Math.Clamp(batchSize, 1, 5_000));
        var failed = 0;
        // Several items at once, so that an index that batches its writes (Elasticsearch's _bulk) gets full batches.
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) =>
        {
            try
            {
                await (kind switch
                {
                    SearchType.Video => videos.IndexAsync(item.Id, item.OwnerId),
                    SearchType.Live => streams.IndexAsync(item.Id),
                    _ => posts.IndexAsync(item.Id),
                });
            }
            catch (Exception e)
            {
                // One item that cannot be indexed must not stop the rebuild of all the others.
                Interlocked.Increment(ref failed);
                logger.LogWarning(e, "Rebuilding the search index: {Kind} {Id} could not be indexed", name, item.Id);
            }
        });
        var done = items.Count < batchSize;
        indexed += items.Count;
        await positions.RecordRebuildAsync(name, items.Count > 0 ? items[^1].Id : last, indexed, done);
        return new RebuildProgress(kind, indexed, Math.Max(total, indexed), done, failed);
    }
}
