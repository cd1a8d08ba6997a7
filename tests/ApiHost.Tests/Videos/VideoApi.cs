using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>Calls the video and tus endpoints the way a client app and a tus client do.</summary>
public static class VideoApi
{
    public static async Task<(Guid Id, string UploadUrl)> CreateAsync(this HttpClient client, string token, long size,
        string visibility = "public", string? title = null)
    {
        var response = await client.PostJsonAsync("/api/v1/videos",
            new { title = title ?? "Clip " + Guid.NewGuid().ToString("N")[..6], description = "a test clip", tags = new[] { "test" }, visibility, size }, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create: {(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement;
        return (body.GetProperty("id").GetGuid(), body.GetProperty("upload_url").GetString()!);
    }

    public static async Task<HttpResponseMessage> PatchAsync(this HttpClient client, string token, string uploadUrl, long offset,
        HttpContent content, string? checksum = null, bool tus = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, uploadUrl) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (tus) request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", offset.ToString());
        if (checksum is not null) request.Headers.Add("Upload-Checksum", checksum);
        if (content.Headers.ContentType is null) content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchBytesAsync(this HttpClient client, string token, string uploadUrl, long offset, ReadOnlyMemory<byte> bytes, string? checksum = null) =>
        client.PatchAsync(token, uploadUrl, offset, new ByteArrayContent(bytes.ToArray()), checksum);

    public static async Task<HttpResponseMessage> TusAsync(this HttpClient client, HttpMethod method, string url, string? token, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await client.SendAsync(request);
    }

    public static async Task<long> HeadOffsetAsync(this HttpClient client, string token, string uploadUrl)
    {
        using var head = await client.TusAsync(HttpMethod.Head, uploadUrl, token);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        return long.Parse(head.Headers.GetValues("Upload-Offset").Single());
    }

    /// <summary>Uploads in chunks, each with a sha1 Upload-Checksum, asserting 204 and the new offset every time.</summary>
    public static async Task UploadAsync(this HttpClient client, string token, string uploadUrl, byte[] file, int chunk = 64 * 1024, long from = 0)
    {
        for (var offset = from; offset < file.Length; offset += chunk)
        {
            var part = file.AsMemory((int)offset, (int)Math.Min(chunk, file.Length - offset));
            using var response = await client.PatchBytesAsync(token, uploadUrl, offset, part, Sha1(part.Span));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"PATCH at {offset}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal((offset + part.Length).ToString(), response.Headers.GetValues("Upload-Offset").Single());
        }
    }

    public static string Sha1(ReadOnlySpan<byte> bytes) => "sha1 " + Convert.ToBase64String(SHA1.HashData(bytes));

    public static async Task<JsonElement> GetVideoAsync(this HttpClient client, string? token, Guid id)
    {
        using var response = token is null ? await client.GetAsync($"/api/v1/videos/{id}") : await client.GetAsync($"/api/v1/videos/{id}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Polls GET until the video leaves uploading/processing (bounded), and returns it.</summary>
    public static async Task<JsonElement> WaitUntilSettledAsync(this HttpClient client, string token, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var video = await client.GetVideoAsync(token, id);
            var status = video.GetProperty("status").GetString();
            if (status is "ready" or "failed") return video;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"video {id} still {status}");
            await Task.Delay(150);
        }
    }
}
