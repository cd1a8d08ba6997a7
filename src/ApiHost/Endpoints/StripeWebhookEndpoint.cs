using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.Grains.Interfaces.Payments;
using Stripe;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// `POST /webhooks/stripe`, anonymous: Stripe's events, verified here at the edge with Stripe.net's
/// <see cref="EventUtility.ConstructEvent(string, string, string, long, bool)"/> (HMAC-SHA256 of "t.payload" with the
/// endpoint's secret, signatures older than the tolerance refused, the event's API version checked against Stripe.net's)
/// before any grain is called: a missing or wrong signature is a 400 and changes nothing. A verified event goes to its
/// own <see cref="IStripeEventGrain"/>, which applies it once. Unknown types are acknowledged (200) and ignored, so
/// Stripe stops resending them.
/// </summary>
public static class StripeWebhookEndpoint
{
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder routes)
    {
        // The body is read raw (the signature covers its exact bytes), so no JSON contract is declared for it.
        routes.MapPost("/webhooks/stripe", Receive).WithTags("Payments").AllowAnonymous()
            .WithDescription("A Stripe event as Stripe sends it (JSON), signed in the Stripe-Signature header.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    public static async Task<Results<Ok<StripeWebhookResponse>, ProblemHttpResult>> Receive(
        HttpRequest request, IGrainFactory grains, IOptions<StripeWebhookOptions> options)
    {
        string json;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        var o = options.Value;
        var signature = request.Headers["Stripe-Signature"].ToString();
        if (o.WebhookSecret.Length == 0 || signature.Length == 0) return Refused();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, o.WebhookSecret, o.WebhookToleranceSeconds);
        }
        catch (Exception e) when (e is StripeException or FormatException or ArgumentException or Newtonsoft.Json.JsonException)
        {
            return Refused();
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type)) return Refused();
        var outcome = await grains.Ref<IStripeEventGrain>(stripeEvent.Id).ApplyAsync(Notice(stripeEvent));
        return TypedResults.Ok(new StripeWebhookResponse(true, outcome));
    }

    /// <summary>What the event is about, by the ids in its object's metadata (an invoice names its subscription's).</summary>
    private static StripeEventNotice Notice(Event e) => e.Data?.Object switch
    {
        Invoice invoice => new(e.Id, e.Type, invoice.Parent?.SubscriptionDetails?.SubscriptionId, null,
            GuidOf(invoice.Parent?.SubscriptionDetails?.Metadata, SubscriptionMetadata.SubscriberId), invoice.Id),
        Subscription subscription => new(e.Id, e.Type, subscription.Id, null, GuidOf(subscription.Metadata, SubscriptionMetadata.SubscriberId)),
        Account account => new(e.Id, e.Type, account.Id, null, CreatorId: GuidOf(account.Metadata, SubscriptionMetadata.UserId)),
        var subject => new(e.Id, e.Type, (subject as IHasId)?.Id, GuidOf((subject as IHasMetadata)?.Metadata, PaymentMetadata.PaymentId)),
    };

    private static Guid? GuidOf(Dictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) && Guid.TryParse(value, out var id) ? id : null;

    private static ProblemHttpResult Refused() =>
        Problems.Result(400, "invalid_signature", "The Stripe-Signature header is missing, wrong, or too old for this payload.");
}
