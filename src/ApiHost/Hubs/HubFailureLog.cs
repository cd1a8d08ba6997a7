using Microsoft.AspNetCore.SignalR;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// Logs hub method failures other than refusals. SignalR's dispatcher logs every exception, HubExceptions included, as
/// an error with a stack trace; live chat refuses sends routinely (rate limits), so its log is turned off for every hub
/// (<see cref="DispatcherCategory"/>) and this filter logs what is unexpected.
/// </summary>
public sealed class HubFailureLog(ILogger<HubFailureLog> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            logger.LogError(e, "Hub method {Hub}.{Method} failed", context.Hub.GetType().Name, context.HubMethodName);
            throw;
        }
    }
}
