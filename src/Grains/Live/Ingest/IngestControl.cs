using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>
/// nginx-rtmp's control module: dropping every client of a stream name disconnects its publisher and lets the
/// encoder's pull reach the end of its input (so ffmpeg closes its files). Without a ControlUrl nothing is dropped:
/// the encoder is then killed, and the ingest only refuses further publishes.
/// </summary>
public sealed class IngestControl(IOptions<LiveIngestOptions> options, ILogger<IngestControl> logger)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>How many sessions nginx dropped (publisher and players of the key); null when there is no control URL or it failed.</summary>
    public async Task<int?> DropAsync(Guid streamId, string streamKey)
    {
        if (options.Value.ControlUrl is not { Length: > 0 } control) return null;
        var url = $"{control.TrimEnd('/')}/drop/client?app={Uri.EscapeDataString(App)}&name={Uri.EscapeDataString(streamKey)}";
        try
        {
            using var response = await Http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && int.TryParse(body.Trim(), out var dropped)) return dropped;
            logger.LogWarning("The ingest did not drop stream {StreamId}: HTTP {Status}", streamId, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Could not reach the ingest's control to drop stream {StreamId}: {Error}", streamId, e.GetType().Name);
        }
        return null;
    }

    /// <summary>The RTMP application: the last path segment of the RTMP URL ("live").</summary>
    private string App => new Uri(options.Value.RtmpUrl).AbsolutePath.Trim('/').Split('/')[^1];
}
