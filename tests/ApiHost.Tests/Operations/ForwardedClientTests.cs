using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Operations;

/// <summary>
/// An API host on Kestrel behind a "proxy" at 127.0.0.1 (SocialFlow:Proxy:KnownNetworks), with three anonymous
/// requests per address in a burst. Clients connect from chosen loopback addresses (all of 127.0.0.0/8 is this machine).
/// </summary>
public sealed class ProxiedApiFixture : ApiFixture
{
    public const int Burst = 3;

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Proxy:KnownNetworks:0"] = "127.0.0.1",
        ["SocialFlow:RateLimits:PerIpPerSecond"] = "1",
        ["SocialFlow:RateLimits:PerIpBurst"] = Burst.ToString(),
    };

    protected override bool RealSockets => true;

    /// <summary>A client whose connections come from <paramref name="source"/>, each request saying it forwards <paramref name="forwardedFor"/>.</summary>
    public HttpClient ClientFrom(IPAddress source, string? forwardedFor)
    {
        var port = new Uri(Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    /// <summary>A random address under <paramref name="first"/>.0.0.0/8 (127: this machine), one no other test uses.</summary>
    public static IPAddress Fresh(byte first) => new([first, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(2, 255)]);
}

/// <summary>Per-IP rate limits and sessions see the client behind a trusted proxy, and only behind a trusted one.</summary>
public sealed class ForwardedClientTests(ProxiedApiFixture fx) : IClassFixture<ProxiedApiFixture>
{
    private const string Anonymous = "/api/v1/users/nobody-by-this-name";

    [Fact]
    public async Task FromAnUntrustedAddress_XForwardedFor_IsIgnored_TheRequestIsLimitedByItsOwnAddress()
    {
        var source = ProxiedApiFixture.Fresh(127);
        for (var i = 0; i < ProxiedApiFixture.Burst; i++)
        {
            using var client = fx.ClientFrom(source, ProxiedApiFixture.Fresh(198).ToString());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Anonymous)).StatusCode);
        }
        using var another = fx.ClientFrom(source, ProxiedApiFixture.Fresh(198).ToString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await another.GetAsync(Anonymous)).StatusCode);

        using var signingUp = fx.ClientFrom(ProxiedApiFixture.Fresh(127), "198.51.100.7");
        var (_, tokens) = await signingUp.SignUpAsync();
        var session = await OnlySessionAsync(signingUp, tokens.AccessToken);
        Assert.NotEqual("198.51.100.7", session.GetProperty("ip_address").GetString());
        Assert.StartsWith("127.", session.GetProperty("ip_address").GetString());
    }

    [Fact]
    public async Task FromATrustedProxy_TheForwardedClient_IsLimited_NotTheProxy_AndItsSessionRecordsTheClient()
    {
        var client = ProxiedApiFixture.Fresh(198).ToString();
        using var proxied = fx.ClientFrom(IPAddress.Loopback, client);
        for (var i = 0; i < ProxiedApiFixture.Burst; i++) Assert.Equal(HttpStatusCode.NotFound, (await proxied.GetAsync(Anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await proxied.GetAsync(Anonymous)).StatusCode);
        // The same proxy forwarding another client: that client's own bucket. A forged entry before the proxy's is not believed.
        using var other = fx.ClientFrom(IPAddress.Loopback, $"{client}, {ProxiedApiFixture.Fresh(198)}");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Anonymous)).StatusCode);

        var signer = ProxiedApiFixture.Fresh(198).ToString();
        using var signingUp = fx.ClientFrom(IPAddress.Loopback, signer);
        var (_, tokens) = await signingUp.SignUpAsync();
        Assert.Equal(signer, (await OnlySessionAsync(signingUp, tokens.AccessToken)).GetProperty("ip_address").GetString());
    }

    private static async Task<System.Text.Json.JsonElement> OnlySessionAsync(HttpClient client, string token)
    {
        var sessions = await (await client.GetAsync("/api/v1/users/me/sessions", token)).ReadJsonAsync();
        return Assert.Single(sessions.GetProperty("items").EnumerateArray());
    }
}
