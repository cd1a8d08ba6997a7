using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SocialFlow.ApiHost.Validation;

namespace SocialFlow.ApiHost.OpenApi;

/// <summary>
/// A request's <c>required</c> list is what its own validation requires, not what its constructor looks like: every
/// field of a request record is nullable so that a missing one gets a field error rather than a JSON error, and the
/// generator would otherwise call all of them required. A field is required when <see cref="IValidatable.Validate"/>
/// refuses the empty body (<c>{}</c>) for it and still refuses it when any one other field is given: so "text, unless
/// the post has images" and "text or visibility" leave those fields optional. Types without validation keep the
/// generator's list (responses: every property is always written).
/// </summary>
internal sealed class RequiredFieldsTransformer : IOpenApiSchemaTransformer
{
    private static readonly ConcurrentDictionary<Type, Fields?> Cache = new();

    private sealed record Fields(HashSet<string> Required, string? Alternatives);

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (context.JsonPropertyInfo is null && typeof(IValidatable).IsAssignableFrom(type.Type) && schema.Properties is { Count: > 0 }
            && Cache.GetOrAdd(type.Type, _ => Probe(type)) is { } fields)
        {
            schema.Required = new HashSet<string>(fields.Required.Where(schema.Properties.ContainsKey), StringComparer.Ordinal);
            if (fields.Alternatives is not null) schema.Description = fields.Alternatives;
        }
        return Task.CompletedTask;
    }

    private static Fields? Probe(JsonTypeInfo type)
    {
        if (Refused(type.Type, null) is not { } refusedWhenEmpty) return null;
        var others = type.Properties.Where(p => !refusedWhenEmpty.Contains(p.Name)).ToList();
        var refusedWith = others.ToDictionary(o => o.Name, o => Refused(type.Type, o));
        var required = new HashSet<string>(StringComparer.Ordinal);
        var alternatives = new List<string>();
        foreach (var field in refusedWhenEmpty)
        {
            var instead = refusedWith.Where(o => o.Value is not null && !o.Value.Contains(field)).Select(o => o.Key).ToList();
            if (instead.Count == 0) required.Add(field);
            else alternatives.Add($"{field} is required unless {string.Join(" or ", instead)} is given.");
        }
        return new Fields(required, alternatives.Count == 0 ? null : string.Join(" ", alternatives));
    }

    /// <summary>The fields validation names for a body with only <paramref name="given"/> set (none when null); null if it threw.</summary>
    private static HashSet<string>? Refused(Type type, JsonPropertyInfo? given)
    {
        try
        {
            var request = (IValidatable)RuntimeHelpers.GetUninitializedObject(type);
            if (given?.AttributeProvider is PropertyInfo property) property.SetValue(request, Sample(property.PropertyType));
            var errors = new FieldErrors();
            request.Validate(errors);
            return [.. errors.ToDictionary().Keys];
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidCastException or ArgumentException or NullReferenceException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A present value of the type: text, a number, true, a new id, or a list of one such value.</summary>
    private static object? Sample(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "x";
        if (type == typeof(bool)) return true;
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type.IsPrimitive || type == typeof(decimal)) return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        if (type.IsGenericType && type.GetGenericArguments() is [var element] && type.IsAssignableFrom(element.MakeArrayType()))
        {
            var list = Array.CreateInstance(element, 1);
            list.SetValue(Sample(element), 0);
            return list;
        }
        return type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);
    }
}
