using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.ApiHost.Tests.Live;

[CollectionDefinition(Name)]
public sealed class LiveIngestCollection : ICollectionFixture<LiveIngestFixture>
{
    public const string Name = "live-ingest";
}

/// <summary>
/// The real ingest: an API host on Kestrel (nginx's callbacks need a socket) with a small live ladder (144p, 240p,
/// 1 s segments, x264 ultrafast), and its own nginx with the RTMP module, started from the project's configuration
/// template on free loopback ports, calling back to this host.
/// </summary>
public class LiveIngestFixture : ApiFixture
{
    public int RtmpPort { get; } = FreePort.Next();
    public string RtmpUrl => $"rtmp://127.0.0.1:{RtmpPort}/live";
    private readonly int _controlPort = FreePort.Next();
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private Process? _nginx;

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:DataDirectory"] = DataDirectory,
        ["SocialFlow:Live:CallbackSecret"] = _secret,
        ["SocialFlow:Live:RtmpUrl"] = RtmpUrl,
        ["SocialFlow:Live:ControlUrl"] = $"http://127.0.0.1:{_controlPort}/control",
        ["SocialFlow:Live:LadderHeights"] = "144,240",
        ["SocialFlow:Live:SegmentSeconds"] = "1",
        ["SocialFlow:Live:Preset"] = "ultrafast",
        ["SocialFlow:Live:FfmpegThreads"] = "1",
        ["SocialFlow:Videos:LadderHeights"] = "144",
        ["SocialFlow:Videos:SegmentSeconds"] = "1",
        ["SocialFlow:Videos:ThumbnailCount"] = "1",
        ["SocialFlow:Videos:JobPollInterval"] = "00:00:00.250",
        ["SocialFlow:RateLimits:PerUserPerSecond"] = "1000",
        ["SocialFlow:RateLimits:PerUserBurst"] = "5000",
    };

    protected override bool RealSockets => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var api = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _nginx = StartNginx(api.Replace("localhost", "127.0.0.1").TrimEnd('/'));
        await WaitForPortAsync(RtmpPort);
    }

    private Process StartNginx(string apiUrl)
    {
        var prefix = Directory.CreateDirectory(Path.Combine(DataDirectory, "nginx")).FullName;
        foreach (var dir in new[] { "logs", "temp", "run" }) Directory.CreateDirectory(Path.Combine(prefix, dir));
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Live", "rtmp.conf.template"));
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), template.Replace("@LISTEN@", "127.0.0.1").Replace("@PEERS@", "127.0.0.1").Replace("@RTMP_PORT@", RtmpPort.ToString())
            .Replace("@CONTROL_PORT@", _controlPort.ToString()).Replace("@API_URL@", apiUrl).Replace("@SECRET@", _secret));
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", prefix, "-c", "nginx.conf", "-e", "logs/error.log", "-g", "daemon off;" }) start.ArgumentList.Add(a);
        var nginx = Process.Start(start)!;
        nginx.BeginErrorReadLine();
        nginx.BeginOutputReadLine();
        return nginx;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && _nginx is { HasExited: false })
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                var log = Path.Combine(DataDirectory, "nginx", "logs", "error.log");
                throw new InvalidOperationException($"nginx did not listen on {port}: {(File.Exists(log) ? File.ReadAllText(log) : "no log")}");
            }
        }
    }

    public override async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false }) { _nginx.Kill(); await _nginx.WaitForExitAsync(); }
        _nginx?.Dispose();
        await base.DisposeAsync();
    }
}
