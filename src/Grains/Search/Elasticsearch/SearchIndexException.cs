using Elastic.Transport.Products.Elasticsearch;

namespace SocialFlow.Grains.Search.Elasticsearch;

/// <summary>Elasticsearch refused or did not answer a request; the message names the request and the server's error type
/// and reason (never the request's headers, so never the API key).</summary>
public sealed class SearchIndexException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static SearchIndexException Of(string what, ElasticsearchResponse response)
    {
        var error = response.ElasticsearchServerError?.Error;
        var status = response.ApiCallDetails?.HttpStatusCode;
        return new SearchIndexException($"Elasticsearch failed {what}: {status?.ToString() ?? "no answer"} {error?.Type}: {error?.Reason}",
            response.ApiCallDetails?.OriginalException);
    }
}
