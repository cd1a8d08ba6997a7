using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>RFC 7807 bodies with a stable machine-readable <c>code</c> (also the last segment of <c>type</c>).</summary>
public static class Problems
{
    public const string TypePrefix = "https://socialflow.dev/problems/";

    public static ProblemHttpResult Result(int status, string code, string detail, TimeSpan? retryAfter = null) =>
        TypedResults.Problem(Create(status, code, detail, retryAfter));

    public static ProblemHttpResult NotFound(string what = "resource") => Result(404, "not_found", $"The {what} does not exist.");

    /// <summary>403 account_suspended, with <c>until</c> when the suspension ends by itself.</summary>
    public static ProblemHttpResult Suspended(DateTimeOffset? until)
    {
        var problem = Create(403, "account_suspended", until is null ? "This account is suspended." : "This account is suspended until the time in until.");
        if (until is { } end) problem.Extensions["until"] = end;
        return TypedResults.Problem(problem);
    }

    public static ProblemDetails Create(int status, string code, string detail, TimeSpan? retryAfter = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + code,
            Title = Title(status),
            Detail = detail,
            Extensions = { ["code"] = code },
        };
        if (retryAfter is { } r) problem.Extensions["retry_after"] = Seconds(r);
        return problem;
    }

    public static async Task WriteAsync(HttpContext http, int status, string code, string detail, TimeSpan? retryAfter = null)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } r) http.Response.Headers.RetryAfter = Seconds(r).ToString();
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = Create(status, code, detail, retryAfter) });
    }

    /// <summary>Adds trace_id everywhere and a code to problems the framework makes (404 routes, 405, 415…).</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var p = context.ProblemDetails;
        p.Extensions["trace_id"] = context.HttpContext.TraceIdentifier;
        if (!p.Extensions.ContainsKey("code"))
        {
            var code = DefaultCode(p.Status ?? context.HttpContext.Response.StatusCode);
            p.Extensions["code"] = code;
            p.Type = TypePrefix + code;
        }
        if (p.Extensions.TryGetValue("retry_after", out var seconds) && !context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.Headers.RetryAfter = seconds?.ToString();
        }
    }

    public static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));

    private static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "rate_limited",
        503 => "service_unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
