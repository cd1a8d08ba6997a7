using System.Diagnostics;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Posts;

/// <summary>Real images made with ffmpeg's lavfi sources, and ffprobe's view of image bytes.</summary>
public static class TestImages
{
    public static Task<byte[]> PngAsync(int width, int height) => EncodeAsync($"testsrc=size={width}x{height}", "png");

    public static Task<byte[]> JpegAsync(int width, int height) => EncodeAsync($"testsrc=size={width}x{height}", "mjpeg");

    /// <summary>A flat colour compresses to almost nothing, so even a large picture is a small upload.</summary>
    public static Task<byte[]> FlatPngAsync(int width, int height) => EncodeAsync($"color=c=blue:s={width}x{height}", "png");

    /// <summary>A JPEG with an EXIF APP1 segment (camera make and GPS latitude) inserted after SOI.</summary>
    public static async Task<byte[]> JpegWithGpsAsync()
    {
        var jpeg = await JpegAsync(64, 48);
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange(BitConverter.GetBytes((ushort)v));
        void U32(int v) => tiff.AddRange(BitConverter.GetBytes((uint)v));
        void Entry(int tag, int type, int count, int value) { U16(tag); U16(type); U32(count); U32(value); }
        tiff.AddRange("II*\0"u8.ToArray()); U32(8);                                  // little-endian TIFF, IFD0 at 8
        U16(2); Entry(0x010F, 2, 7, 38); Entry(0x8825, 4, 1, 46); U32(0);             // Make -> 38, GPS IFD -> 46
        tiff.AddRange("SpyCam\0\0"u8.ToArray());                                       // 38..45
        U16(2); Entry(0x0001, 2, 2, 'N'); Entry(0x0002, 5, 3, 76); U32(0);            // GPSLatitudeRef, GPSLatitude -> 76
        foreach (var v in new[] { 48, 1, 51, 1, 30, 1 }) U32(v);                       // 48°51'30"
        var app1 = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[] { 0xFF, 0xE1, (byte)((app1.Length + 2) >> 8), (byte)((app1.Length + 2) & 0xFF) }.Concat(app1);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    /// <summary>The metadata tags ffprobe finds on the image's frame and container.</summary>
    public static async Task<Dictionary<string, string>> TagsAsync(byte[] image)
    {
        var file = Path.Combine(Path.GetTempPath(), "sf-probe-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, image);
        try
        {
            var json = await RunAsync("ffprobe", ["-v", "error", "-show_frames", "-show_format", "-show_entries", "frame_tags:format_tags", "-of", "json", file]);
            using var doc = JsonDocument.Parse(json);
            var tags = new Dictionary<string, string>();
            foreach (var frame in doc.RootElement.GetProperty("frames").EnumerateArray())
            {
                if (frame.TryGetProperty("tags", out var t)) foreach (var p in t.EnumerateObject()) tags[p.Name] = p.Value.ToString();
            }
            if (doc.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("tags", out var ft))
            {
                foreach (var p in ft.EnumerateObject()) tags[p.Name] = p.Value.ToString();
            }
            return tags;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<byte[]> EncodeAsync(string source, string codec)
    {
        var start = Start("ffmpeg", ["-v", "error", "-nostdin", "-f", "lavfi", "-i", source, "-frames:v", "1", "-c:v", codec, "-f", "image2pipe", "-"]);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await copy;
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await errors}");
        return output.ToArray();
    }

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(Start(program, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"{program} failed: {await errors}");
        return await output;
    }

    private static ProcessStartInfo Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }
}
