using Microsoft.AspNetCore.SignalR;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// SignalR's in-memory lifetime manager for /hubs/live that also lets the relay find a connection by id: chat is
/// written to each connection itself (<see cref="ChatOutbox"/>), so that a connection that cannot keep up waits alone
/// instead of holding up a group send for everyone.
/// </summary>
public sealed class LiveHubConnections(ILogger<DefaultHubLifetimeManager<LiveHub>> logger) : DefaultHubLifetimeManager<LiveHub>(logger)
{
    private readonly HubConnectionStore _connections = new();

    public HubConnectionContext? Find(string connectionId) => _connections[connectionId];

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections.Add(connection);
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.Remove(connection);
        return base.OnDisconnectedAsync(connection);
    }
}
