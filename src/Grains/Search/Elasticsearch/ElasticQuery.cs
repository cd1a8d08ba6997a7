using System.Text;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using EsRequest = Elastic.Clients.Elasticsearch.SearchRequest;
using SearchRequest = SocialFlow.Grains.Interfaces.Search.SearchRequest;
using SearchType = SocialFlow.Grains.Interfaces.Search.SearchType;

namespace SocialFlow.Grains.Search.Elasticsearch;

/// <summary>
/// A parsed search as an Elasticsearch request. The text's words, "phrases", -exclusions and OR (read as PostgreSQL's
/// websearch syntax reads them, except that OR joins its two neighbours only: "a b OR c" is a AND (b OR c)) become a
/// bool query: each word or phrase a multi_match (phrases of type phrase) over title^4 username^4 tags^2 body — the
/// language-neutral fields and their English-stemmed subfields —, an OR group a should, exclusions must_not. Filters:
/// the kind, not hidden, each #tag, any @username, the time and duration ranges, and what the viewer may see (public,
/// their own, followers-only items of the accounts they follow); blocked and muted owners must_not. Author standing is
/// checked against PostgreSQL per page (<see cref="ElasticSearchResults"/>). Relevance is PostgreSQL's score,
/// ln(text score) + ln 2 × created_at / 30 days, as a script_score: an item's score does not change with the time of
/// the query (a decay from "now" would), so search_after cursors stay exact. Ties by id.
/// </summary>
public static class ElasticQuery
{
    public const long HalfLifeSeconds = 30 * 86_400;
    public const int MaxHashtags = 1_000;

    public const string RecencyScript =
        "Math.log(Math.max(_score, 1e-9)) + doc['created_at'].value.toEpochSecond() / params.half_life_seconds * Math.log(2)";

    private static readonly string[] TextFields = ["title^4", "title.english^4", "username^4", "tags^2", "body", "body.english"];

    public static EsRequest Content(
        string index, SearchRequest request, Guid? viewerId, IReadOnlyCollection<Guid> followed, IReadOnlyCollection<Guid> excludedOwners,
        ICollection<FieldValue>? after, int size)
    {
        var (must, mustNot) = Text(request.Text);
        var filter = new List<Query>
        {
            Term("kind", request.Type.ToString().ToLowerInvariant()), // post, video (the document kinds are the types' names)
            Term("hidden", FieldValue.False),
        };
        filter.AddRange(request.Hashtags.Select(t => Term("tags", t)));
        if (request.Usernames.Count > 0) filter.Add(Terms("username.exact", request.Usernames));
        if (request.From is not null || request.To is not null)
        {
            filter.Add(new DateRangeQuery
            {
                Field = "created_at",
                Gte = request.From is { } from ? DateMath.Anchored(from.UtcDateTime) : null,
                Lt = request.To is { } to ? DateMath.Anchored(to.UtcDateTime) : null,
            });
        }
        if (request.MinDuration is not null || request.MaxDuration is not null)
        {
            filter.Add(new NumberRangeQuery { Field = "duration_seconds", Gte = request.MinDuration, Lte = request.MaxDuration });
        }
        filter.Add(Visible(viewerId, followed));
        if (excludedOwners.Count > 0) mustNot.Add(Terms("owner_id", excludedOwners.Select(o => o.ToString())));
        Query query = new BoolQuery { Must = must.Count > 0 ? must : null, Filter = filter, MustNot = mustNot.Count > 0 ? mustNot : null };
        var sortField = request.Sort switch { SearchSort.Newest => "created_at", SearchSort.Views => "views", SearchSort.Likes => "likes", _ => null };
        if (sortField is null)
        {
            query = new ScriptScoreQuery
            {
                Query = query,
                Script = new Script { Source = RecencyScript, Params = new Dictionary<string, object> { ["half_life_seconds"] = HalfLifeSeconds } },
            };
        }
        return new EsRequest(index)
        {
            Query = query,
            Size = size,
            Sort =
            [
                sortField is null ? new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } } : Sort(sortField),
                Sort("id"),
            ],
            SearchAfter = after,
            TrackTotalHits = new TrackHits(false),
        };
    }

    /// <summary>The most used tags starting with <paramref name="prefix"/> on public, visible items: a terms aggregation.</summary>
    public static EsRequest Hashtags(string index, string prefix, int size) => new(index)
    {
        Size = 0,
        Query = new BoolQuery
        {
            Filter = [Term("visibility", "public"), Term("hidden", FieldValue.False), new PrefixQuery { Field = "tags", Value = prefix }],
        },
        Aggregations = new Dictionary<string, Aggregation>
        {
            ["tags"] = new TermsAggregation
            {
                Field = "tags",
                Include = new TermsInclude(Regex(prefix) + ".*"),
                Size = Math.Min(size, MaxHashtags + 1),
                Order = [new KeyValuePair<Field, SortOrder>("_count", SortOrder.Desc), new KeyValuePair<Field, SortOrder>("_key", SortOrder.Asc)],
            },
        },
        TrackTotalHits = new TrackHits(false),
    };

    /// <summary>The search_after values of a cursor made by <see cref="Cursor"/> for the same sort.</summary>
    public static ICollection<FieldValue>? After(PageCursor? cursor, SearchSort sort) => cursor is null ? null : sort switch
    {
        SearchSort.Newest => [FieldValue.Long(cursor.At.ToUnixTimeMilliseconds()), FieldValue.String(cursor.Id.ToString())],
        SearchSort.Views or SearchSort.Likes => [FieldValue.Long((long)cursor.Key()), FieldValue.String(cursor.Id.ToString())],
        // The score is a 32-bit float in Elasticsearch; its bits travel in the cursor so that it comes back exactly.
        _ => [FieldValue.Double(BitConverter.Int32BitsToSingle((int)cursor.At.UtcTicks)), FieldValue.String(cursor.Id.ToString())],
    };

    /// <summary>The cursor after a hit: the values it was sorted by (its document's, or its score) and its id.</summary>
    public static PageCursor Cursor(SearchHit hit, SearchSort sort) => sort switch
    {
        SearchSort.Newest => new PageCursor(DateTimeOffset.FromUnixTimeMilliseconds(hit.CreatedAt.ToUnixTimeMilliseconds()), hit.Id),
        SearchSort.Views => PageCursor.AfterKey(hit.Views, hit.Id),
        SearchSort.Likes => PageCursor.AfterKey(hit.Likes, hit.Id),
        _ => PageCursor.AfterKey(Math.Max(0, BitConverter.SingleToInt32Bits((float)hit.Score)), hit.Id),
    };

    private static Query Visible(Guid? viewerId, IReadOnlyCollection<Guid> followed)
    {
        if (viewerId is not { } viewer) return Term("visibility", "public");
        var should = new List<Query> { Term("owner_id", viewer.ToString()), Term("visibility", "public") };
        if (followed.Count > 0)
        {
            should.Add(new BoolQuery { Filter = [Term("visibility", "followers"), Terms("owner_id", followed.Select(f => f.ToString()))] });
        }
        return new BoolQuery { Should = should, MinimumShouldMatch = 1 };
    }

    /// <summary>Words and phrases as must clauses (an OR group one should of its alternatives), exclusions as must_not.</summary>
    private static (List<Query> Must, List<Query> MustNot) Text(string text)
    {
        var (groups, mustNot) = (new List<List<Query>>(), new List<Query>());
        var or = false;
        foreach (var (term, phrase, excluded) in Tokens(text))
        {
            if (!phrase && !excluded && term.Equals("OR", StringComparison.OrdinalIgnoreCase))
            {
                or = groups.Count > 0;
                continue;
            }
            Query match = new MultiMatchQuery { Query = term, Fields = TextFields, Type = phrase ? TextQueryType.Phrase : null };
            if (excluded) mustNot.Add(match);
            else if (or) groups[^1].Add(match);
            else groups.Add([match]);
            or = false;
        }
        return ([.. groups.Select(g => g.Count == 1 ? g[0] : new BoolQuery { Should = g, MinimumShouldMatch = 1 })], mustNot);
    }

    private static IEnumerable<(string Term, bool Phrase, bool Excluded)> Tokens(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var excluded = text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
            if (excluded) i++;
            string term;
            var phrase = text[i] == '"';
            if (phrase)
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) end = text.Length;
                term = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"') i++;
                term = text[start..i];
            }
            if (term.Trim().Length > 0) yield return (term.Trim(), phrase, excluded);
        }
    }

    private static SortOptions Sort(string field) => new() { Field = new FieldSort { Field = field, Order = SortOrder.Desc } };

    private static Query Term(string field, FieldValue value) => new TermQuery { Field = field, Value = value };

    private static Query Terms(string field, IEnumerable<string> values) =>
        new TermsQuery { Field = field, Terms = new TermsQueryField([.. values.Select(FieldValue.String)]) };

    /// <summary>A Lucene regular expression matching <paramref name="text"/> literally.</summary>
    private static string Regex(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text) escaped.Append(char.IsLetterOrDigit(c) ? c.ToString() : "\\" + c);
        return escaped.ToString();
    }
}
