using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>Turns exceptions into problem bodies: bad input 400, a search past its time limit 422, cluster or database
/// down 503, anything else a 500 without detail.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                var detail = bad.InnerException is JsonException json ? $"The JSON body is invalid: {JsonProblem(json)}" : bad.Message;
                var (status, code) = bad.StatusCode switch
                {
                    413 => (413, "payload_too_large"),
                    415 => (415, "unsupported_media_type"),
                    _ => (400, "malformed_request"),
                };
                await Problems.WriteAsync(http, status, code, detail);
                return true;
            case SearchTooBroadException:
                await Problems.WriteAsync(http, 422, "search_too_broad",
                    "The search took too long: narrow it (fewer very common words in a phrase, a time range with from and to, or an author).");
                return true;
            case PaymentProviderUnavailableException:
                logger.LogWarning("Payment provider unavailable");
                await Problems.WriteAsync(http, 503, "payment_provider_unavailable",
                    "The payment provider is unavailable; retry with the same Idempotency-Key (nothing is charged twice).", RetryAfter);
                return true;
            case var e when IsUnavailable(e):
                logger.LogWarning("Dependency unavailable: {ExceptionType}: {Message}", e.GetType().Name, e.Message);
                await Problems.WriteAsync(http, 503, "service_unavailable", "A backend dependency is unavailable; retry shortly.", RetryAfter);
                return true;
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled exception");
                await Problems.WriteAsync(http, 500, "internal_error", "An unexpected error occurred. Quote the trace_id when reporting it.");
                return true;
        }
    }

    private static bool IsUnavailable(Exception e) => e switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or ClientNotAvailableException => true,
        // A client's gateway just died: thrown bare (no inner exception) while the connection is in its retry back-off.
        Orleans.Runtime.Messaging.ConnectionFailedException => true,
        CommitOutcomeUnknownException => true, // an engagement batch failed; the write is idempotent, so a retry is safe
        // Database errors by their ADO.NET base type, as grains pass them on (Npgsql's types are the silo's business).
        TimeoutException or DbException { IsTransient: true } => true,
        // From inside a grain, PostgreSQL errors arrive rebuilt by Orleans' exception codec, without their SqlState: the
        // database is then most likely overloaded or down (a SQL bug shows in the logged message, which keeps the code).
        // A driver error without a state (connection, pool, protocol) counts as the database being unavailable too.
        DbException { SqlState: null } => true,
        DbException { SqlState: { } state } => state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("57P", StringComparison.Ordinal),
        OrleansException o when o.InnerException is not null => IsUnavailable(o.InnerException),
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => false,
    };

    // Only the JSON path is returned: System.Text.Json's messages name internal .NET types.
    private static string JsonProblem(JsonException e) => e switch
    {
        { Path: { } path } when e.Message.Contains("could not be mapped", StringComparison.Ordinal) => $"{path} is not a field of this request",
        { Path: { } path } => $"the value at {path} is malformed or of the wrong type",
        _ => "the body is not valid JSON",
    };
}
