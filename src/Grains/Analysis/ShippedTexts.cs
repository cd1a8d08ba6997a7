using System.Security.Cryptography;

namespace SocialFlow.Grains.Analysis;

/// <summary>One row of the shipped labelled set (data/ml/text-labels.tsv, made by tools/ml-dataset; see the README).</summary>
public sealed class LabelledText
{
    public string Text { get; set; } = "";
    public string Sentiment { get; set; } = "";
    public bool Toxic { get; set; }
    public bool Spam { get; set; }
    public bool Test { get; set; }
}

/// <summary>
/// The data the analysis models are built from, embedded in this assembly (nothing is downloaded at run time): the
/// labelled text set and the language trigram profiles. The version is a hash of both, so a changed set names new models.
/// </summary>
public static class ShippedTexts
{
    public static IReadOnlyList<LabelledText> LabelledSet() =>
        [.. Lines("text-labels.tsv").Skip(1).Select(line => line.Split('\t')).Select(c => new LabelledText
        {
            Text = c[0],
            Sentiment = c[1],
            Toxic = c[2] == "1",
            Spam = c[3] == "1",
            Test = c[4] == "test",
        })];

    /// <summary>Language code → its trigrams, most frequent first.</summary>
    public static IReadOnlyDictionary<string, string[]> LanguageProfiles() =>
        Lines("language-trigrams.tsv").Select(line => line.Split('\t')).ToDictionary(c => c[0], c => c[1].Split('|'));

    public static string Version { get; } = "text-" + Convert.ToHexStringLower(SHA256.HashData(
        [.. Bytes("text-labels.tsv"), .. Bytes("language-trigrams.tsv")]))[..12];

    private static IEnumerable<string> Lines(string name) =>
        new StreamReader(Open(name)).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static byte[] Bytes(string name)
    {
        using var stream = Open(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Stream Open(string name) =>
        typeof(ShippedTexts).Assembly.GetManifestResourceStream($"SocialFlow.Analysis.{name}")
        ?? throw new InvalidOperationException($"The analysis data {name} is not embedded in the Grains assembly.");
}
