namespace SocialFlow.ApiHost.Validation;

/// <summary>
/// Applies <see cref="TextRule"/> to the route values and query parameters of every request (a username in a path, a
/// search term), before any endpoint runs: 400 <c>validation_failed</c> naming the parameter. A middleware rather than
/// an endpoint filter: it covers every route, and a filter would move the hot GETs onto the boxed-arguments path.
/// </summary>
public sealed class RouteTextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        FieldErrors? errors = null;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (value is string text && !TextRule.IsClean(text)) (errors ??= new()).Add(name, TextRule.Problem);
        }
        if (http.Request.QueryString.HasValue)
        {
            foreach (var (name, values) in http.Request.Query)
            {
                if (!TextRule.IsClean(name) || values.Any(v => v is not null && !TextRule.IsClean(v))) (errors ??= new()).Add(TextRule.IsClean(name) ? name : "query", TextRule.Problem);
            }
        }
        return errors is null ? next(http) : errors.ToProblem().ExecuteAsync(http);
    }
}
