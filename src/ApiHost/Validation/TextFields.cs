using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace SocialFlow.ApiHost.Validation;

/// <summary>
/// Applies <see cref="TextRule"/> to every string a deserialized request holds: its properties, the items of its lists
/// and dictionaries (keys too), and the request records nested in it, under their JSON names (<c>links[1]</c>,
/// <c>chapters[0].title</c>). Run by <see cref="ValidationFilter"/> on every request contract, so a new contract is
/// covered without code of its own.
/// </summary>
public static class TextFields
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name)[]> Properties = new();

    public static void Check(object? value, FieldErrors errors) => Visit(value, "", errors, 0);

    private static void Visit(object? value, string path, FieldErrors errors, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (!TextRule.IsClean(text)) errors.Add(path, TextRule.Problem);
                return;
            case IDictionary dictionary when depth < MaxDepth:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? "";
                    if (!TextRule.IsClean(key)) errors.Add(path, TextRule.Problem);
                    else Visit(entry.Value, $"{path}.{key}", errors, depth + 1);
                }
                return;
            case IEnumerable items when depth < MaxDepth:
                var index = 0;
                foreach (var item in items) Visit(item, $"{path}[{index++}]", errors, depth + 1);
                return;
            default:
                if (depth >= MaxDepth || !IsContract(value.GetType())) return;
                foreach (var (property, name) in Properties.GetOrAdd(value.GetType(), Describe))
                {
                    Visit(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
                }
                return;
        }
    }

    // Only the API's own request records are walked; Guid, DateTimeOffset and the like hold no client text.
    private static bool IsContract(Type type) => type.IsClass && type.Namespace?.StartsWith("SocialFlow.ApiHost", StringComparison.Ordinal) == true;

    private static (PropertyInfo, string)[] Describe(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Select(p => (p, JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)))];
}
