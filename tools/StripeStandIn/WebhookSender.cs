using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Stripe;

namespace SocialFlow.StripeStandIn;

/// <summary>
/// Delivers events as Stripe does: a POST of the event's JSON with <c>Stripe-Signature: t={unix time},v1={hex
/// HMAC-SHA256(secret, "{t}.{payload}")}</c> (computed by Stripe.net's own <see cref="EventUtility.ComputeSignature"/>),
/// retried with a growing delay until a 2xx answer (a few attempts here, where Stripe keeps trying for days).
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory http, string secret)
{
    private const int Attempts = 6;
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public string? Url { get; set; }

    public void Deliver(string payload)
    {
        if (Url is not { } url) return;
        var task = Task.Run(() => DeliverAsync(url, payload));
        _running[task] = true;
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task SettledAsync() => Task.WhenAll(_running.Keys);

    /// <summary>The header Stripe would send with <paramref name="payload"/> at <paramref name="at"/>.</summary>
    public string Signature(string payload, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={EventUtility.ComputeSignature(secret, t, payload)}";
    }

    private async Task DeliverAsync(string url, string payload)
    {
        var client = http.CreateClient();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", Signature(payload, DateTimeOffset.UtcNow));
                request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
                using var response = await client.SendAsync(request);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // the receiver is down: try again later, as Stripe does
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * (1 << attempt)));
        }
    }
}
