using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>A sanitised image in a scratch file, ready for the store.</summary>
public sealed record SanitisedImage(string File, string ContentType, string Extension, int Width, int Height, long SizeBytes);

/// <summary>
/// Trusts neither the file name nor the declared type: the first bytes must be PNG, JPEG, GIF or WebP, ffprobe must
/// agree and report dimensions within the limits, and ffmpeg must decode the picture. The output is a fresh encode
/// of the first frame with no metadata at all (EXIF, GPS, XMP, comments), as PNG for PNG/GIF and JPEG otherwise.
/// </summary>
public sealed class ImageSanitizer(IOptions<PostImageOptions> options)
{
    private readonly PostImageOptions _options = options.Value;
    // ffmpeg is CPU-bound: at most one encode per core at a time.
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount);

    public async Task<(ImageUploadStatus Status, SanitisedImage? Image, string? Detail)> SanitiseAsync(byte[] bytes)
    {
        var scratchDirectory = Directory.CreateDirectory(_options.ScratchDirectory!).FullName;
        if (bytes.Length > _options.MaxBytes) return (ImageUploadStatus.TooLarge, null, $"Images may be at most {_options.MaxBytes} bytes.");
        if (Sniff(bytes) is not { } codec) return (ImageUploadStatus.UnsupportedType, null, "The content is not a PNG, JPEG, GIF or WebP image.");
        var input = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N") + ".in");
        var (contentType, extension) = codec is "png" or "gif" ? ("image/png", "png") : ("image/jpeg", "jpg");
        var output = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N") + "." + extension);
        var handedOver = false;
        await File.WriteAllBytesAsync(input, bytes);
        await _slots.WaitAsync();
        try
        {
            var probe = await ProbeAsync(input);
            if (probe is null || probe.Value.Codec != codec) return (ImageUploadStatus.UnsupportedType, null, "The image could not be decoded.");
            var (width, height) = (probe.Value.Width, probe.Value.Height);
            if (width > _options.MaxSide || height > _options.MaxSide || (long)width * height > _options.MaxPixels)
            {
                return (ImageUploadStatus.TooManyPixels, null, $"Images may be at most {_options.MaxSide} pixels a side and {_options.MaxPixels} pixels in all.");
            }
            string[] encode = extension == "png" ? ["-c:v", "png"] : ["-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj420p"];
            var ok = await RunAsync(_options.FfmpegPath, ["-v", "error", "-nostdin", "-y", "-i", input, "-map", "0:v:0", "-frames:v", "1",
                "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", .. encode, "-f", "image2", output]);
            if (ok is null || !File.Exists(output)) return (ImageUploadStatus.UnsupportedType, null, "The image could not be decoded.");
            // Auto-rotation may have swapped the sides: report what is stored.
            var stored = await ProbeAsync(output);
            if (stored is null) return (ImageUploadStatus.UnsupportedType, null, "The image could not be decoded.");
            var image = new SanitisedImage(output, contentType, extension, stored.Value.Width, stored.Value.Height, new FileInfo(output).Length);
            handedOver = true;
            return (ImageUploadStatus.Ok, image, null);
        }
        finally
        {
            _slots.Release();
            File.Delete(input);
            if (!handedOver) File.Delete(output);
        }
    }

    /// <summary>The decoder the magic bytes name, in ffprobe's words.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "png",
        [0xFF, 0xD8, 0xFF, ..] => "mjpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        _ => null,
    };

    private async Task<(string Codec, int Width, int Height)?> ProbeAsync(string file)
    {
        var json = await RunAsync(_options.FfprobePath, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "json", file]);
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var streams = doc.RootElement.GetProperty("streams");
            if (streams.GetArrayLength() == 0) return null;
            var s = streams[0];
            var (w, h) = (s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32());
            return w > 0 && h > 0 ? (s.GetProperty("codec_name").GetString() ?? "", w, h) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Standard output on exit code 0; null on failure or timeout (the process is killed).</summary>
    private async Task<string?> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var timeout = new CancellationTokenSource(_options.ProcessTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            await stderr;
            return process.ExitCode == 0 ? output : null;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
    }
}
