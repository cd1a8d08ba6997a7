using System.Text.Json;
using Microsoft.ML;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Trained models kept on disk under the data directory, one folder per data version: the silos and hosts that share a
/// directory train once (2–6 s, longer on a busy machine, and the events they score wait for it) and load afterwards.
/// A folder appears whole (written aside, then moved into place), so a reader never sees half of one; anything
/// unreadable is trained again.
/// </summary>
public static class TextModelCache
{
    private const string Sentiment = "sentiment.zip", Toxicity = "toxicity.zip", Spam = "spam.zip", Quality = "quality.json";

    public static TrainedTextModels? TryLoad(MLContext ml, string folder, string version)
    {
        if (!Directory.Exists(folder)) return null;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var quality = JsonSerializer.Deserialize<List<ModelQuality>>(File.ReadAllText(Path.Combine(folder, Quality)))!;
            ITransformer Load(string name) => ml.Model.Load(Path.Combine(folder, name), out _);
            return new TrainedTextModels(Load(Sentiment), Load(Toxicity), Load(Spam), quality, version,
                System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Save(MLContext ml, string folder, TrainedTextModels models)
    {
        var aside = $"{folder}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(aside);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<LabelledText>()).Schema;
        ml.Model.Save(models.Sentiment, schema, Path.Combine(aside, Sentiment));
        ml.Model.Save(models.Toxicity, schema, Path.Combine(aside, Toxicity));
        ml.Model.Save(models.Spam, schema, Path.Combine(aside, Spam));
        File.WriteAllText(Path.Combine(aside, Quality), JsonSerializer.Serialize(models.Quality));
        try
        {
            Directory.Move(aside, folder);
        }
        catch (IOException)
        {
            Directory.Delete(aside, recursive: true); // another silo put its copy in place first
        }
    }
}
