using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Notifications.Delivery;

public enum PushOutcome { Sent, InvalidToken, Retry }

/// <summary>
/// Sends one message to one device over FCM HTTP v1 (FirebaseAdmin is not available here): an OAuth2 access token for
/// the service account from Google.Apis.Auth (cached until near expiry), then POST v1/projects/{id}/messages:send.
/// 404 UNREGISTERED and 400 INVALID_ARGUMENT mean the token is dead; 429, 5xx and network failures are retried.
/// </summary>
public sealed class FcmClient
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    private readonly HttpClient _http;
    private readonly ServiceAccountCredential _credential;
    private readonly Uri _send;

    public FcmClient(HttpClient http, IOptions<FcmOptions> options)
    {
        var o = options.Value;
        using var key = JsonDocument.Parse(o.ServiceAccountJson ?? throw new InvalidOperationException($"{FcmOptions.Section}:ServiceAccountJson is not set."));
        string? Field(string name) => key.RootElement.TryGetProperty(name, out var v) ? v.GetString() : null;
        var project = o.ProjectId ?? Field("project_id")
            ?? throw new InvalidOperationException($"{FcmOptions.Section}:ProjectId is not set and the service account key has no project_id.");
        var tokenUri = o.TokenUri ?? Field("token_uri") ?? GoogleAuthConsts.OidcTokenUrl;
        var email = Field("client_email") ?? throw new InvalidOperationException($"{FcmOptions.Section}:ServiceAccountJson has no client_email.");
        var privateKey = Field("private_key") ?? throw new InvalidOperationException($"{FcmOptions.Section}:ServiceAccountJson has no private_key.");
        _credential = new ServiceAccountCredential(new ServiceAccountCredential.Initializer(email, tokenUri) { Scopes = [Scope] }.FromPrivateKey(privateKey));
        _http = http;
        _http.Timeout = o.Timeout;
        _send = new Uri($"{o.Endpoint.TrimEnd('/')}/v1/projects/{Uri.EscapeDataString(project)}/messages:send");
    }

    public async Task<(PushOutcome Outcome, string? Error)> SendAsync(string deviceToken, string title, string body, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var accessToken = await _credential.GetAccessTokenForRequestAsync(cancellationToken: ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, _send)
        {
            Content = JsonContent.Create(new { message = new { token = deviceToken, notification = new { title, body }, data } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return (PushOutcome.Sent, null);
        var text = await response.Content.ReadAsStringAsync(ct);
        var code = ErrorCode(text);
        if (response.StatusCode == HttpStatusCode.NotFound && code is "UNREGISTERED" or null
            || response.StatusCode == HttpStatusCode.BadRequest && code == "INVALID_ARGUMENT")
        {
            return (PushOutcome.InvalidToken, $"{(int)response.StatusCode} {code}");
        }
        return (PushOutcome.Retry, $"FCM answered {(int)response.StatusCode} {code}");
    }

    /// <summary>details[].errorCode of an FCM error body, else error.status.</summary>
    private static string? ErrorCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("error", out var error)) return null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var d in details.EnumerateArray())
                {
                    if (d.TryGetProperty("errorCode", out var c)) return c.GetString();
                }
            }
            return error.TryGetProperty("status", out var s) ? s.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
