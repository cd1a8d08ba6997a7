using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Live;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Live streams and their chat in the payments profile (its host listens on Kestrel, so the hub is reached over a socket).</summary>
public static class LiveChatApi
{
    /// <summary>A live stream of the owner (created, then accepted by the ingest's publish callback), members-only from a rank when given.</summary>
    public static async Task<Guid> LiveStreamAsync(this HttpClient client, string ownerToken, int? membersOnlyRank = null)
    {
        object body = membersOnlyRank is { } rank
            ? new { title = "Members night", visibility = "public", record = false, members_only = true, min_rank = rank }
            : new { title = "Open stream", visibility = "public", record = false };
        var response = await client.PostJsonAsync("/api/v1/live", body, ownerToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["app"] = "live", ["name"] = created.GetProperty("stream_key").GetString()!, ["clientid"] = "1", ["call"] = "publish",
        });
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/internal/rtmp/publish?secret={LiveFixture.Secret}", form)).StatusCode);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>A /hubs/live connection to the fixture's Kestrel listener.</summary>
    public static async Task<ChatClient> ChatAsync(this PaymentsFixture api, string token)
    {
        var address = api.Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1");
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(address), "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions = ApiClientExtensions.Json)
            .Build();
        var client = new ChatClient(connection);
        connection.On<JsonElement>("membership_required", body => client.Events.Writer.TryWrite(("membership_required", body)));
        await connection.StartAsync();
        return client;
    }

    public static Task<HttpResponseMessage> SendChatAsync(this HttpClient client, Guid streamId, string token, string text) =>
        client.PostJsonAsync($"/api/v1/live/{streamId}/chat", new { text }, token);

    public static Task<HttpResponseMessage> JoinChatAsync(this HttpClient client, Guid streamId, string token) =>
        client.PostJsonAsync($"/api/v1/live/{streamId}/join", new { }, token);
}
