using System.ComponentModel.DataAnnotations;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>The API host's limits of the live hub; read from the live chat section, where the key has always been.</summary>
public sealed class LiveHubOptions
{
    public const string Section = "SocialFlow:LiveChat";

    /// <summary>Rooms one SignalR connection may be in at once.</summary>
    [Range(1, 100, ErrorMessage = "SocialFlow:LiveChat:MaxRoomsPerConnection must be between 1 and 100.")]
    public int MaxRoomsPerConnection { get; set; } = 10;
}
