using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Live;

/// <summary>
/// A /hubs/live connection spoken by hand over long polling, so that the test decides when it reads: after Join it
/// stops polling, like a client on a link too slow for the room, and later reads what the server kept for it.
/// </summary>
public sealed class StalledChatConnection(HttpClient http, string token, string connectionToken)
{
    private const char Separator = '\u001e';
    private readonly HashSet<string> _texts = [];

    public IReadOnlyCollection<string> Texts => _texts;

    public static async Task<StalledChatConnection> JoinAsync(HttpClient http, string token, Guid streamId)
    {
        using var negotiate = Request(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1", token);
        var negotiated = await (await http.SendAsync(negotiate)).ReadJsonAsync();
        var connection = new StalledChatConnection(http, token, negotiated.GetProperty("connectionToken").GetString()!);
        await connection.PollAsync(TimeSpan.FromSeconds(5)); // the first poll starts the connection and returns at once
        await connection.PostAsync("""{"protocol":"json","version":1}""");
        await connection.PostAsync($$"""{"type":1,"invocationId":"join","target":"Join","arguments":["{{streamId}}"]}""");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(await connection.PollAsync(TimeSpan.FromSeconds(2))).Contains("\"invocationId\":\"join\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "Join was not answered");
        }
        return connection;
    }

    /// <summary>Reads until <paramref name="text"/> came (true) or <paramref name="within"/> passed (false).</summary>
    public async Task<bool> ReadUntilAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!_texts.Contains(text) && DateTime.UtcNow < deadline) await PollAsync(TimeSpan.FromSeconds(1));
        return _texts.Contains(text);
    }

    /// <summary>One poll (empty when nothing came within <paramref name="wait"/>); the chat texts it carried are recorded.</summary>
    private async Task<string> PollAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        string body;
        try
        {
            using var poll = Request(HttpMethod.Get, $"/hubs/live?id={connectionToken}", token);
            body = await (await http.SendAsync(poll, cts.Token)).Content.ReadAsStringAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return "";
        }
        foreach (var frame in body.Split(Separator, StringSplitOptions.RemoveEmptyEntries))
        {
            var message = JsonDocument.Parse(frame).RootElement;
            if (message.TryGetProperty("target", out var target) && target.GetString() == "chat")
            {
                foreach (var m in message.GetProperty("arguments")[0].EnumerateArray()) _texts.Add(m.GetProperty("text").GetString()!);
            }
        }
        return body;
    }

    private async Task PostAsync(string frame)
    {
        using var post = Request(HttpMethod.Post, $"/hubs/live?id={connectionToken}", token);
        post.Content = new StringContent(frame + Separator, Encoding.UTF8, "text/plain");
        (await http.SendAsync(post)).EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
