using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Engagement;

namespace SocialFlow.ApiHost.Hubs;

public static class RealtimeExtensions
{
    public static IHostApplicationBuilder AddSocialFlowRealtime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 32 * 1024;
            o.AddFilter<HubFailureLog>();
            o.AddFilter<Validation.HubTextFilter>();
        }).AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.PayloadSerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Logging.AddFilter(HubFailureLog.DispatcherCategory, LogLevel.None);
        Silo.Hosting.RequiredOptions.Bind<ObserverLeaseOptions>(builder.Services, builder.Configuration, ObserverLeaseOptions.Section);
        builder.Services.AddSingleton<ContentKinds>();
        builder.Services.AddSingleton<CountersRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CountersRelay>());
        builder.Services.AddSingleton<NotificationsRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationsRelay>());
        Silo.Hosting.RequiredOptions.Bind<LiveHubOptions>(builder.Services, builder.Configuration, LiveHubOptions.Section);
        builder.Services.AddSingleton<LiveHubConnections>();
        builder.Services.AddSingleton<HubLifetimeManager<LiveHub>>(sp => sp.GetRequiredService<LiveHubConnections>());
        builder.Services.AddSingleton<LiveRoomRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveRoomRelay>());
        return builder;
    }

    public static IEndpointRouteBuilder MapSocialFlowHubs(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<NotificationsHub>(NotificationsHub.Path);
        var live = routes.ServiceProvider.GetRequiredService<IOptions<LiveHubOptions>>().Value;
        routes.MapHub<LiveHub>(LiveHub.Path, o => o.TransportMaxBufferSize = live.SendBufferBytes);
        return routes;
    }
}
