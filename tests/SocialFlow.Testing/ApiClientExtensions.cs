using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialFlow.Testing;

public sealed record TestUser(Guid Id, string Username, string Email, string Password);

public sealed record Tokens(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>Snake-case JSON helpers for calling the API as a client app would.</summary>
public static class ApiClientExtensions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    public const string DefaultPassword = "Tr0ub4dor&3-horse-staple";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? bearer = null) =>
        client.SendJsonAsync(HttpMethod.Post, url, body, bearer);

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request);
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);

    public static async Task<TestUser> RegisterAsync(this HttpClient client, string? username = null, string password = DefaultPassword)
    {
        username ??= "u" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{username}@example.com";
        var response = await client.PostJsonAsync("/api/v1/auth/register", new { email, username, password });
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.ReadJsonAsync();
        return new TestUser(body.GetProperty("id").GetGuid(), username, email, password);
    }

    public static async Task<Tokens> LoginAsync(this HttpClient client, TestUser user, string? totpCode = null)
    {
        var response = await client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password, totp_code = totpCode });
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"login: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<Tokens>();
    }

    /// <summary>Registers a fresh user and signs in.</summary>
    public static async Task<(TestUser User, Tokens Tokens)> SignUpAsync(this HttpClient client)
    {
        var user = await client.RegisterAsync();
        return (user, await client.LoginAsync(user));
    }

    /// <summary>Asserts an RFC 7807 body with the given status and code, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.True(body.TryGetProperty("trace_id", out _), "problem has no trace_id");
        if (code is not null) Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }
}
