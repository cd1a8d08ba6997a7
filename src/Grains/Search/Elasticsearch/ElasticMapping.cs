using Elastic.Clients.Elasticsearch.Analysis;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace SocialFlow.Grains.Search.Elasticsearch;

/// <summary>
/// The index's explicit mapping (dynamic: strict, so a document with a field not named here is refused, never guessed).
/// Ids, owner, kind, visibility and tags are keywords (exact filters); title, username and body are text analysed by
/// <c>sf_folding</c> (standard words, lower case, accents folded: language-neutral) with an <c>english</c> subfield
/// (the same, Porter-stemmed: "foxes" finds "fox"); the username also as a lower-case keyword (<c>username.exact</c>,
/// for @username); created_at a date; duration, views and likes numbers; hidden a boolean.
/// </summary>
public static class ElasticMapping
{
    public const string Folding = "sf_folding";
    public const string English = "sf_english";
    public const string Lowercase = "sf_lowercase";

    public static IndexSettings Settings() => new()
    {
        Analysis = new IndexSettingsAnalysis
        {
            Analyzers = new Analyzers
            {
                [Folding] = new CustomAnalyzer { Tokenizer = "standard", Filter = ["lowercase", "asciifolding"] },
                [English] = new CustomAnalyzer { Tokenizer = "standard", Filter = ["lowercase", "asciifolding", "porter_stem"] },
            },
            Normalizers = new Normalizers { [Lowercase] = new CustomNormalizer { Filter = ["lowercase", "asciifolding"] } },
        },
    };

    public static TypeMapping Mappings() => new()
    {
        Dynamic = DynamicMapping.Strict,
        Properties = new Properties
        {
            ["id"] = new KeywordProperty(),
            ["kind"] = new KeywordProperty(),
            ["owner_id"] = new KeywordProperty(),
            ["username"] = Text(new Properties { ["exact"] = new KeywordProperty { Normalizer = Lowercase } }),
            ["title"] = Text(),
            ["body"] = Text(),
            ["tags"] = new KeywordProperty(),
            ["visibility"] = new KeywordProperty(),
            ["hidden"] = new BooleanProperty(),
            ["created_at"] = new DateProperty(),
            ["duration_seconds"] = new DoubleNumberProperty(),
            ["views"] = new LongNumberProperty(),
            ["likes"] = new LongNumberProperty(),
        },
    };

    private static TextProperty Text(Properties? more = null)
    {
        var fields = new Properties { ["english"] = new TextProperty { Analyzer = English } };
        foreach (var (name, property) in more ?? []) fields[name] = property;
        return new TextProperty { Analyzer = Folding, Fields = fields };
    }
}
