using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.ApiHost.Tests.Infrastructure;

/// <summary>A /hubs/notifications connection to a test host, as an app opens it.</summary>
public static class NotificationsHubClient
{
    /// <summary>Built, not started: the caller registers its handlers first.</summary>
    public static HubConnection NotificationsHub(this WebApplicationFactory<Program> host, string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(host.Server.BaseAddress, "/hubs/notifications"), o =>
        {
            o.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling; // TestServer serves HTTP; the token goes in the Authorization header
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions = ApiClientExtensions.Json)
        .Build();
}
