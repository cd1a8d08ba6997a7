using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Search;

/// <summary>Which search index the silo writes and asks: PostgreSQL's (the default) or an Elasticsearch cluster's.</summary>
public sealed class SearchOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Search";
    public const string Postgres = "postgres";
    public const string Elasticsearch = "elasticsearch";

    /// <summary>The key of the search reads' own PostgreSQL data source (see <see cref="MaxConnections"/>): its statements
    /// are prepared, and planned once per connection (generic plans).</summary>
    public const string ReadPool = "search-reads";

    /// <summary>"postgres" (default; <c>make run</c> uses it) or "elasticsearch".</summary>
    [Required(ErrorMessage = "SocialFlow:Search:Provider must be postgres or elasticsearch.")]
    [AllowedValues(Postgres, Elasticsearch, ErrorMessage = "SocialFlow:Search:Provider must be postgres or elasticsearch.")]
    public string Provider { get; set; } = Postgres;

    public ElasticsearchSettings Elastic { get; set; } = new();

    /// <summary>
    /// Search statements running at once per silo, at most (the pool of the search reads: results, accounts, hashtags);
    /// more wait for a connection. About two to four per core of the database server; the default suits a small one.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "SocialFlow:Search:MaxConnections must be between 1 and 1000.")]
    public int MaxConnections { get; set; } = 8;

    /// <summary>
    /// How long one search statement may run before PostgreSQL cancels it (the API then answers 422 search_too_broad):
    /// a bound on what any query can cost. Searches take milliseconds; a phrase of very common words on a large index
    /// takes the longest.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "SocialFlow:Search:StatementTimeout must be from 1 ms to 1 minute.")]
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider != Elasticsearch) yield break;
        if (!Uri.TryCreate(Elastic.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("SocialFlow:Search:Elastic:Url must be an absolute http(s) URL when the provider is elasticsearch.");
        }
        // Elasticsearch index names: lower case, no spaces or \ / * ? " < > | , #, not starting with - _ +.
        if (string.IsNullOrEmpty(Elastic.Index) || Elastic.Index.Length > 200 || Elastic.Index.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c) || "\\/*?\"<>|,#:".Contains(c))
            || Elastic.Index[0] is '-' or '_' or '+')
        {
            yield return new ValidationResult("SocialFlow:Search:Elastic:Index must be a valid lower-case Elasticsearch index name.");
        }
        // Nested settings are not walked by ValidateDataAnnotations: checked here.
        if (Elastic.MaxBatch is < 1 or > 10_000) yield return new ValidationResult("SocialFlow:Search:Elastic:MaxBatch must be between 1 and 10000.");
    }
}

/// <summary>Where the Elasticsearch index is. The API key is a secret: it is sent as the Authorization header and never logged.</summary>
public sealed class ElasticsearchSettings
{
    /// <summary>The cluster's URL, e.g. https://search.internal:9200.</summary>
    public string? Url { get; set; }

    /// <summary>The one index of posts and videos (created with its mapping at silo start when absent).</summary>
    public string Index { get; set; } = "socialflow-content";

    /// <summary>An encoded API key (Authorization: ApiKey …); absent: no authentication (a cluster on a private network).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Documents sent in one _bulk request at most (1 to 10,000).</summary>
    public int MaxBatch { get; set; } = 500;

    public override string ToString() => $"{Url} index {Index}"; // never the key
}
