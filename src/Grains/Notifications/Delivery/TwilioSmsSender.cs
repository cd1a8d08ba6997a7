using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>
/// Twilio's Messages API, the shape most SMS providers copy: POST {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json
/// with form fields To, From and Body, HTTP Basic auth with the account SID and auth token; 201 with the message's
/// "sid". A 400 means this message will never go as it is (Twilio's code says why: 21211 not a valid number, 21610 the
/// recipient opted out, …); 429, 5xx, 401/403 (credentials being rotated) and network failures may pass later.
/// </summary>
public sealed class TwilioSmsSender : ISmsSender
{
    private readonly HttpClient _http;
    private readonly SmsOptions _options;
    private readonly Uri? _messages;
    private readonly AuthenticationHeaderValue? _auth;
    private readonly TimeProvider _clock;

    public TwilioSmsSender(HttpClient http, IOptions<SmsOptions> options, TimeProvider clock)
    {
        _http = http;
        _clock = clock;
        _options = options.Value;
        _http.Timeout = _options.Timeout;
        if (!_options.Enabled) return;
        _messages = new Uri($"{_options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(_options.AccountSid!)}/Messages.json");
        _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}")));
    }

    public async Task<SmsResult> SendAsync(string phoneNumber, string text, CancellationToken ct)
    {
        if (_messages is null) return new SmsResult(SmsOutcome.Disabled);
        if (!SmsOptions.IsE164(phoneNumber)) return new SmsResult(SmsOutcome.Rejected, Error: "the number is not in E.164 form");
        using var request = new HttpRequestMessage(HttpMethod.Post, _messages)
        {
            Content = new FormUrlEncodedContent([new("To", phoneNumber), new("From", _options.From!), new("Body", text)]),
        };
        request.Headers.Authorization = _auth;
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode) return new SmsResult(SmsOutcome.Sent, MessageId: Field(body, "sid"));
            // Only the status and the provider's code: its message may quote the recipient's number.
            var error = $"the SMS provider answered {(int)response.StatusCode} (code {Field(body, "code") ?? "none"})";
            return response.StatusCode == HttpStatusCode.BadRequest
                ? new SmsResult(SmsOutcome.Rejected, Error: error)
                : new SmsResult(SmsOutcome.Retry, Error: error, RetryAfter: RetryAfter(response));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new SmsResult(SmsOutcome.Retry, Error: $"the SMS provider could not be reached ({e.GetType().Name})");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow(),
        _ => null,
    };

    private static string? Field(string body, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v)
                ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
