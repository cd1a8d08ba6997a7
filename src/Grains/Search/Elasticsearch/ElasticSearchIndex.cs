using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search.Elasticsearch;

/// <summary>
/// The Elasticsearch index as the indexers write it. At silo start it creates the index with its explicit mapping
/// (<see cref="ElasticMapping"/>) when absent; a cluster that cannot be reached or refuses the mapping stops the start.
/// Writes are group-committed (<see cref="BatchingQueue{T}"/>): each batch is one _bulk request. Each caller completes
/// when ITS bulk item succeeded and fails with <see cref="SearchIndexException"/> when that item or the whole request
/// failed, so an event handler that awaits it leaves its event unacknowledged and the event is delivered again.
/// </summary>
public sealed class ElasticSearchIndex : BackgroundService, ISearchIndex
{
    private readonly ElasticsearchClient _client;
    private readonly ElasticSearchReadModel _reads;
    private readonly ILogger<ElasticSearchIndex> _logger;
    private readonly ElasticsearchSettings _settings;
    private readonly BatchingQueue<IndexWrite> _writes;

    public ElasticSearchIndex(ElasticsearchClient client, IOptions<SearchOptions> options, ElasticSearchReadModel reads, ILogger<ElasticSearchIndex> logger)
    {
        (_client, _reads, _logger, _settings) = (client, reads, logger, options.Value.Elastic);
        _writes = new BatchingQueue<IndexWrite>(SendAsync, _settings.MaxBatch);
    }

    public Task UpsertAsync(SearchDocument document) => Enqueue(new IndexWrite(document.Id, document));

    public Task DeleteAsync(Guid id) => Enqueue(new IndexWrite(id, null));

    public async Task<HashtagPage> HashtagsAsync(string prefix, PageCursor? after, int limit)
    {
        var offset = (int)(after?.Key() ?? 0);
        var response = await _client.SearchAsync<ElasticDocument>(ElasticQuery.Hashtags(_settings.Index, prefix, offset + limit + 1));
        if (!response.IsValidResponse) throw SearchIndexException.Of("hashtag search", response);
        var buckets = response.Aggregations?.GetStringTerms("tags")?.Buckets.Skip(offset).ToList() ?? [];
        var hits = buckets.Take(limit).Select(b => new HashtagHit(b.Key.ToString(), (int)b.DocCount)).ToList();
        // An aggregation has no keyset: the cursor carries how many tags were shown (at most MaxHashtags in all).
        var next = buckets.Count > limit && offset + limit < ElasticQuery.MaxHashtags ? PageCursor.AfterKey(offset + limit, Guid.Empty) : null;
        return new HashtagPage(hits, next);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Send what is queued, then end: the loop drains the queue and returns once it is empty and completed.
        _writes.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writes.RunAsync();

    private Task Enqueue(IndexWrite write) =>
        _writes.TryEnqueue(write, out var written) ? written : throw new SearchIndexException("The search index writer is stopping; nothing was written.");

    private async Task EnsureIndexAsync(CancellationToken ct)
    {
        var exists = await _client.Indices.ExistsAsync(_settings.Index, ct);
        if (exists.Exists) return;
        if (exists.ApiCallDetails.HttpStatusCode != 404) throw SearchIndexException.Of($"checking index {_settings.Index}", exists);
        var created = await _client.Indices.CreateAsync(
            new CreateIndexRequest(_settings.Index) { Settings = ElasticMapping.Settings(), Mappings = ElasticMapping.Mappings() }, ct);
        // Another silo starting at the same moment may have created it first.
        if (!created.IsValidResponse && created.ElasticsearchServerError?.Error?.Type != "resource_already_exists_exception")
        {
            throw SearchIndexException.Of($"creating index {_settings.Index}", created);
        }
        _logger.LogInformation("Created the search index {Index} with its mapping", _settings.Index);
    }

    private async Task SendAsync(IReadOnlyList<BatchingQueue<IndexWrite>.Entry> batch)
    {
        try
        {
            var counts = await _reads.CountsAsync([.. batch.Where(p => p.Item.Document is not null).Select(p => p.Item.Id)]);
            var request = new BulkRequest(_settings.Index) { Operations = [] };
            foreach (var p in batch)
            {
                request.Operations.Add(p.Item.Document is { } d
                    ? new BulkIndexOperation<ElasticDocument>(ElasticDocument.Of(d, counts.GetValueOrDefault(d.Id))) { Id = d.Id.ToString() }
                    : new BulkDeleteOperation(p.Item.Id.ToString()));
            }
            var response = await _client.BulkAsync(request);
            var items = response.Items?.ToList() ?? [];
            if (items.Count != batch.Count) throw SearchIndexException.Of($"a _bulk request of {batch.Count} items", response);
            for (var i = 0; i < batch.Count; i++)
            {
                var item = items[i];
                // Deleting what is not there is done too (a second delivery of a "deleted" event).
                if (item.Status is >= 200 and < 300 || (batch[i].Item.Document is null && item.Status == 404 && item.Error is null)) batch[i].TrySetResult();
                else batch[i].TrySetException(new SearchIndexException($"Indexing {batch[i].Item.Id} failed: {item.Status} {item.Error?.Type}: {item.Error?.Reason}"));
            }
            var failed = items.Count(i => i.Error is not null);
            if (failed > 0) _logger.LogWarning("{Failed} of {Count} search index writes failed; their events will be delivered again", failed, batch.Count);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A _bulk request of {Count} search index writes failed; their events will be delivered again", batch.Count);
            var failure = e as SearchIndexException ?? new SearchIndexException("The _bulk request failed.", e);
            foreach (var p in batch) p.TrySetException(failure);
        }
    }
}
