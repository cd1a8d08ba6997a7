using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.ApiHost.Analytics;

public sealed record ExportQuery(string? Scope, string? From, string? To, string? Format, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "creator_id")] Guid? CreatorId);

public static partial class AnalyticsEndpoints
{
    private const int ExportPage = 5_000;
    private const int MaxExportDays = 400;

    /// <summary>
    /// The daily rollups of [from, to] (dates, UTC, at most 400 days) of the caller's creator row (scope=creator), their
    /// items (items) or the platform (platform, admins), with each day's distinct counts as rows of the same shape
    /// (unique_viewers; the platform's active_accounts), streamed page by page: RFC 4180 CSV with a header
    /// (day,scope,id,metric,value) or JSON lines with the same fields.
    /// </summary>
    public static Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult> Export(
        [Microsoft.AspNetCore.Http.AsParameters] ExportQuery query, IGrainFactory grains, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        var scope = ReadScope(query.Scope ?? "", errors, "creator", "items", "platform");
        var format = query.Format ?? "csv";
        if (format is not ("csv" or "json")) errors.Add("format", "must be csv or json");
        var from = ReadDay(query.From, "from", errors);
        var to = ReadDay(query.To, "to", errors);
        if (from > to) errors.Add("to", "must not be before from");
        else if (to.DayNumber - from.DayNumber >= MaxExportDays) errors.Add("to", $"must be at most {MaxExportDays} days after from");
        if (errors.Any) return errors.ToProblem();
        if (AllowedKey(user, scope, query.CreatorId) is not { } key) return Problems.NotFound("export");

        var csv = format == "csv";
        var name = $"analytics-{AnalyticsScopeName(scope)}-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.{(csv ? "csv" : "jsonl")}";
        return TypedResults.Stream(async body =>
        {
            var reader = grains.Ref<IAnalyticsReaderGrain>(0);
            var scopeName = AnalyticsScopeName(scope);
            if (csv) await WriteAsync(body, Csv.Record("day", "scope", "id", "metric", "value"));
            ExportRow? after = null;
            do
            {
                var page = await reader.ExportPageAsync(scope, key, from, to.AddDays(1), after, ExportPage);
                var text = new StringBuilder();
                foreach (var row in page.Rows)
                {
                    var day = row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    text.Append(csv
                        ? Csv.Record(day, scopeName, row.Key.ToString(), row.Metric, row.Value.ToString(CultureInfo.InvariantCulture))
                        : JsonSerializer.Serialize(new { day, scope = scopeName, id = row.Key, metric = row.Metric, value = row.Value }) + "\n");
                }
                await WriteAsync(body, text.ToString());
                after = page.Next;
            }
            while (after is not null);
        }, csv ? "text/csv; charset=utf-8; header=present" : "application/jsonl; charset=utf-8", name);
    }

    private static DateOnly ReadDay(string? value, string field, FieldErrors errors)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(field, "must be a date (YYYY-MM-DD)");
        return default;
    }

    private static Task WriteAsync(Stream body, string text) => body.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();
}
