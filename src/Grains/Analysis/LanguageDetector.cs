using System.Text;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Tells English, Spanish, French, German, Portuguese and Italian apart by character trigrams (Cavnar and Trenkle's
/// out-of-place distance between the text's trigrams ranked by frequency and each language's ranked profile; the
/// profiles are franc-min's, shipped in data/ml). "und" when there is too little Latin-script text to tell, or when
/// the best two languages are too close to call. The profiles come from formal text (the Universal Declaration of
/// Human Rights), so short informal sentences ("shut up you …") can sit nearer another language's profile: each of a
/// language's common function words in the text (our own short lists below) brings it nearer by a fixed share.
/// Immutable after construction, so one instance serves every thread.
/// </summary>
public sealed class LanguageDetector
{
    public const string Undetermined = "und";
    private const int MinLetters = 10, TopTrigrams = 300, Missing = 300;

    /// <summary>How much nearer than the runner-up (a fraction of the largest possible distance) the best must be.</summary>
    private const double MinMargin = 0.005;

    /// <summary>How much nearer (a share of the largest possible distance) each function word brings its language.</summary>
    private const double FunctionWordPull = 0.04;

    private static readonly Dictionary<string, HashSet<string>> FunctionWords = new()
    {
        ["en"] = ["the", "and", "you", "your", "is", "are", "was", "this", "that", "what", "with", "for", "not", "have", "my", "it", "of", "to", "so", "up", "i"],
        ["es"] = ["el", "los", "las", "es", "muy", "pero", "por", "para", "con", "una", "este", "esta", "yo", "mi", "lo", "del", "y", "gracias", "como"],
        ["fr"] = ["le", "les", "des", "est", "et", "je", "tu", "une", "pour", "pas", "qui", "avec", "ce", "cette", "nous", "vous", "très", "merci", "du", "au"],
        ["de"] = ["der", "die", "das", "und", "ist", "ich", "nicht", "ein", "eine", "mit", "für", "auf", "sehr", "du", "wir", "sie", "zu", "danke", "dieses", "den"],
        ["pt"] = ["os", "não", "um", "uma", "muito", "com", "para", "por", "eu", "você", "obrigado", "obrigada", "este", "do", "da", "mas", "isso", "é"],
        ["it"] = ["il", "gli", "che", "è", "un", "una", "non", "per", "con", "sono", "molto", "grazie", "questo", "questa", "di", "ma", "ti", "del"],
    };

    private readonly Dictionary<string, Dictionary<string, int>> _profiles;

    public LanguageDetector(IReadOnlyDictionary<string, string[]> profiles) =>
        _profiles = profiles.ToDictionary(p => p.Key, p => p.Value.Select((trigram, rank) => (trigram, rank))
            .DistinctBy(t => t.trigram).ToDictionary(t => t.trigram, t => t.rank));

    public string Detect(string text)
    {
        var normal = Normalize(text, out var latin, out var letters);
        if (latin < MinLetters || latin * 2 < letters) return Undetermined;
        var ranked = Trigrams(normal);
        var words = normal.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var worst = (double)ranked.Count * Missing;
        var scores = _profiles
            .Select(p => (Language: p.Key, Score: Distance(ranked, p.Value) / worst - FunctionWordPull * words.Count(FunctionWords.GetValueOrDefault(p.Key, []).Contains)))
            .OrderBy(d => d.Score).ToList();
        return scores[1].Score - scores[0].Score < MinMargin ? Undetermined : scores[0].Language;
    }

    private static long Distance(List<string> ranked, Dictionary<string, int> profile)
    {
        long sum = 0;
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            sum += profile.TryGetValue(ranked[rank], out var theirs) ? Math.Abs(rank - theirs) : Missing;
        }
        return sum;
    }

    /// <summary>The text's trigrams, most frequent first (ties in ordinal order, so the result is deterministic).</summary>
    private static List<string> Trigrams(string normal)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i + 3 <= normal.Length; i++)
        {
            var trigram = normal.Substring(i, 3);
            counts[trigram] = counts.GetValueOrDefault(trigram) + 1;
        }
        return [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopTrigrams).Select(c => c.Key)];
    }

    /// <summary>Lower case letters, every run of anything else one space, a space at each end (as the profiles were made).</summary>
    private static string Normalize(string text, out int latin, out int letters)
    {
        var sb = new StringBuilder(text.Length + 2).Append(' ');
        (latin, letters) = (0, 0);
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (c <= '\u024F') latin++;
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb[^1] != ' ') sb.Append(' ');
        }
        if (sb[^1] != ' ') sb.Append(' ');
        return sb.ToString();
    }
}
