using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.ApiHost.Tests.Live;

[CollectionDefinition(Name)]
public sealed class LiveChatCollection : ICollectionFixture<LiveChatFixture>
{
    public const string Name = "live-chat";
}

/// <summary>
/// The live chat profile: two API hosts over one silo, <see cref="Host"/> co-hosts it, <see cref="OtherHost"/> is an
/// Orleans client of it (as in cluster mode). Presence times are short so that lapses can be watched within a test.
/// </summary>
public sealed class LiveChatFixture : ApiFixture
{
    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan MaxDeliveryDelay = TimeSpan.FromSeconds(3);
    private readonly string _cluster = "test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _gateway = FreePort.Next().ToString();

    public WebApplicationFactory<Program> Host => Factory;
    public ApiFactory OtherHost { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Orleans:ClusterId"] = _cluster,
        ["SocialFlow:Orleans:GatewayPort"] = _gateway,
        ["SocialFlow:Live:CallbackSecret"] = LiveFixture.Secret,
        ["SocialFlow:ObserverLease:Lease"] = PresenceTimeout.ToString(),
        ["SocialFlow:ObserverLease:Renewal"] = "00:00:01",
        ["SocialFlow:LiveChat:ViewersInterval"] = "00:00:00.200",
        ["SocialFlow:LiveChat:SaveInterval"] = "00:00:02",
        // Generous for a loaded test machine, so that only the overload tests meet slow_down and dropped messages.
        ["SocialFlow:LiveChat:SlowDownDelay"] = "00:00:02",
        ["SocialFlow:LiveChat:MaxDeliveryDelay"] = MaxDeliveryDelay.ToString(),
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Api = Host.CreateClient();
        OtherHost = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?>(HostSettings()) { ["SocialFlow:Orleans:Mode"] = "Client" });
        (await OtherHost.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    /// <summary>One more API host, an Orleans client like <see cref="OtherHost"/>, with these settings on top (dispose it).</summary>
    public async Task<ApiFactory> ExtraHostAsync(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(HostSettings()) { ["SocialFlow:Orleans:Mode"] = "Client" };
        foreach (var (key, value) in settings) all[key] = value;
        var host = new ApiFactory(Database.ConnectionString, all);
        (await host.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();
        return host;
    }

    public override async Task DisposeAsync()
    {
        if (OtherHost is not null) await OtherHost.DisposeAsync();
        await base.DisposeAsync();
    }

    public async Task<(TestUser User, string Token)> UserAsync()
    {
        var (user, tokens) = await Api.SignUpAsync();
        return (user, tokens.AccessToken);
    }

    public async Task<Guid> StreamAsync(string ownerToken, string visibility = "public")
    {
        var response = await Api.PostJsonAsync("/api/v1/live", new { title = "Chat test", visibility, record = false }, ownerToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A stream that went live (accepted by the ingest's publish callback, as nginx-rtmp calls it).</summary>
    public async Task<Guid> LiveStreamAsync(string ownerToken)
    {
        var response = await Api.PostJsonAsync("/api/v1/live", new { title = "On air", visibility = "public", record = false }, ownerToken);
        var created = await response.ReadJsonAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["app"] = "live", ["name"] = created.GetProperty("stream_key").GetString()!, ["clientid"] = "1", ["call"] = "publish",
        });
        Assert.Equal(HttpStatusCode.NoContent, (await Api.PostAsync($"/internal/rtmp/publish?secret={LiveFixture.Secret}", form)).StatusCode);
        return created.GetProperty("id").GetGuid();
    }

    public async Task<ChatClient> ConnectAsync(string token, WebApplicationFactory<Program>? host = null)
    {
        host ??= Host;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling; // TestServer serves HTTP; the token goes in the Authorization header
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions = ApiClientExtensions.Json)
            .Build();
        var client = new ChatClient(connection);
        await connection.StartAsync();
        return client;
    }
}

public sealed record ChatMessageDto(string Id, Guid StreamId, Guid UserId, string Username, string Text, DateTimeOffset SentAt);
public sealed record ViewersDto(Guid StreamId, int Current, int Peak);
public sealed record CountsDto(int Current, int Peak);
public sealed record SettingsDto(int SlowModeSeconds, bool FollowersOnly);
public sealed record JoinedDto(Guid StreamId, CountsDto Viewers, ChatMessageDto[] Messages, SettingsDto Settings);

/// <summary>A /hubs/live connection and what it was pushed.</summary>
public sealed class ChatClient : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public Channel<ChatMessageDto[]> Batches { get; } = Channel.CreateUnbounded<ChatMessageDto[]>();
    public Channel<ViewersDto> Viewers { get; } = Channel.CreateUnbounded<ViewersDto>();
    public Channel<(string Event, JsonElement Body)> Events { get; } = Channel.CreateUnbounded<(string, JsonElement)>();

    private readonly List<ChatMessageDto> _received = [];
    private readonly List<string[]> _pushes = [];

    public ChatClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<ChatMessageDto[]>("chat", b =>
        {
            lock (_received)
            {
                _received.AddRange(b);
                _pushes.Add([.. b.Select(m => m.Text)]);
            }
            Batches.Writer.TryWrite(b);
        });
        connection.On<ViewersDto>("viewers", v => Viewers.Writer.TryWrite(v));
        foreach (var name in new[] { "chat_deleted", "banned", "timed_out", "stream_ended" })
        {
            connection.On<JsonElement>(name, body => Events.Writer.TryWrite((name, body)));
        }
    }

    /// <summary>The texts of each "chat" push so far, in order.</summary>
    public List<string[]> Pushes()
    {
        lock (_received) return [.. _pushes];
    }

    public Task<JoinedDto> JoinAsync(Guid streamId) => Connection.InvokeAsync<JoinedDto>("Join", streamId);

    public Task<ChatMessageDto> SendAsync(Guid streamId, string text) => Connection.InvokeAsync<ChatMessageDto>("Send", streamId, text);

    /// <summary>Waits (at most <paramref name="within"/>) until a message with this text was pushed (in any batch).</summary>
    public async Task<ChatMessageDto> ReceiveAsync(string text, TimeSpan? within = null)
    {
        using var cts = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            lock (_received)
            {
                if (_received.FirstOrDefault(m => m.Text == text) is { } found) return found;
            }
            await Batches.Reader.ReadAsync(cts.Token); // woken by the next batch
        }
    }

    public async Task<JsonElement> EventAsync(string name, TimeSpan? within = null)
    {
        using var cts = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var (e, body) = await Events.Reader.ReadAsync(cts.Token);
            if (e == name) return body;
        }
    }

    /// <summary>Waits until a pushed count says <paramref name="current"/> viewers.</summary>
    public async Task<ViewersDto> ViewersAsync(int current, TimeSpan? within = null)
    {
        using var cts = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var v = await Viewers.Reader.ReadAsync(cts.Token);
            if (v.Current == current) return v;
        }
    }

    /// <summary>
    /// Asserts a refusal with this code and returns its reason. The client sees the server's HubException message
    /// after SignalR's prefix: "An unexpected error occurred invoking 'Send' on the server. HubException: code: reason".
    /// </summary>
    public static async Task<string> AssertRefusedAsync(string code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HubException>(call);
        const string Marker = "HubException: ";
        var at = e.Message.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, e.Message);
        var refusal = e.Message[(at + Marker.Length)..];
        Assert.StartsWith(code + ": ", refusal);
        return refusal[(code.Length + 2)..];
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
