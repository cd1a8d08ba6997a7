using Microsoft.AspNetCore.SignalR;

namespace SocialFlow.ApiHost.Validation;

/// <summary>Applies <see cref="TextRule"/> to the arguments of every hub method (chat text): a refusal "invalid_text: …" as the rooms' other refusals.</summary>
public sealed class HubTextFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var errors = new FieldErrors();
        var parameters = context.HubMethod.GetParameters();
        for (var i = 0; i < context.HubMethodArguments.Count && i < parameters.Length; i++)
        {
            if (context.HubMethodArguments[i] is string text && !TextRule.IsClean(text)) errors.Add(parameters[i].Name ?? "argument", TextRule.Problem);
            else TextFields.Check(context.HubMethodArguments[i], errors);
        }
        if (!errors.Any) return next(context);
        var (field, messages) = errors.ToDictionary().First();
        throw new HubException($"invalid_text: {field} {messages[0]}.");
    }
}
