using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialFlow.ApiHost.Validation;

/// <summary>A request that can say what is wrong with it, field by field (snake_case names).</summary>
public interface IValidatable
{
    void Validate(FieldErrors errors);
}

public sealed partial class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>The 400 <c>validation_failed</c> problem listing these errors by field.</summary>
    public ValidationProblem ToProblem()
    {
        var problem = TypedResults.ValidationProblem(ToDictionary(), detail: "One or more fields are invalid.",
            type: Hosting.Problems.TypePrefix + "validation_failed", title: "Bad request");
        problem.ProblemDetails.Extensions["code"] = "validation_failed";
        return problem;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public bool Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "is required"); return false; }
        return MaxLength(field, value, maxLength);
    }

    public bool MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength) { Add(field, $"must be at most {maxLength} characters"); return false; }
        return true;
    }

    public void Email(string field, string? value)
    {
        if (!Required(field, value, 254)) return;
        if (!MailAddress.TryCreate(value, out var address) || address.Address != value || !value!.Contains('.', StringComparison.Ordinal))
        {
            Add(field, "is not a valid email address");
        }
    }

    public void Username(string field, string? value)
    {
        if (!Required(field, value, 30)) return;
        if (!UsernamePattern().IsMatch(value!)) Add(field, "must be 3 to 30 letters, digits or underscores");
    }

    public void HttpUrl(string field, string? value, int maxLength = 2048)
    {
        if (!MaxLength(field, value, maxLength) || string.IsNullOrEmpty(value)) return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")) Add(field, "must be an http or https URL");
    }

    public void OneOf(string field, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value)) Add(field, $"must be one of: {string.Join(", ", allowed)}");
    }

    [GeneratedRegex("^[A-Za-z0-9_]{3,30}$")]
    private static partial Regex UsernamePattern();
}

/// <summary>
/// Runs <see cref="TextFields"/> and <see cref="IValidatable.Validate"/> on every validatable argument (every JSON request
/// contract is one: tests/ApiHost.Tests/Architecture/RequestContractTests.cs) and answers 400 with the field errors. Added through
/// <see cref="Factory"/>, it wraps only endpoints that take a validatable argument: any filter at all moves an endpoint
/// onto the slower boxed-arguments path, which the hot GETs (no body) do not need.
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    private static readonly ValidationFilter Instance = new();

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next) =>
        context.MethodInfo.GetParameters().Any(p => typeof(IValidatable).IsAssignableFrom(p.ParameterType))
            ? invocation => Instance.InvokeAsync(invocation, next)
            : next;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new FieldErrors();
        foreach (var argument in context.Arguments)
        {
            if (argument is not IValidatable request) continue;
            TextFields.Check(request, errors);
            request.Validate(errors);
        }
        return errors.Any ? errors.ToProblem() : await next(context);
    }
}
