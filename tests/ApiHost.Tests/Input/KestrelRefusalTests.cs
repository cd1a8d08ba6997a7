using System.Net.Sockets;
using System.Text;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Input;

/// <summary>
/// What Kestrel refuses before the application runs, on a real socket (the in-memory test server never sees these):
/// the status only, with an empty body, since Kestrel has no hook to write a problem there (README, API conventions).
/// In the video collection because its host listens on a real port.
/// </summary>
[Collection(VideoCollection.Name)]
public sealed class KestrelRefusalTests(VideoFixture fixture)
{
    [Theory]
    [InlineData("/api/v1/users/a%00b", 400)]
    [InlineData("/api/v1/posts/%00", 400)]
    [InlineData("/api/v1/videos/feed?cursor=LONG", 414)]
    public async Task RequestRefusedByKestrel_IsItsStatusWithAnEmptyBody(string target, int status)
    {
        var (code, headers, body) = await SendRawAsync(target.Replace("LONG", new string('a', 40 * 1024), StringComparison.Ordinal));

        Assert.Equal(status, code);
        Assert.Contains("Content-Length: 0", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(body);
    }

    private async Task<(int Status, string Headers, string Body)> SendRawAsync(string target)
    {
        var address = fixture.CreateClient().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? response : response[..split];
        return (int.Parse(headers.Split(' ')[1]), headers, split < 0 ? "" : response[(split + 4)..]);
    }
}
