using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// One-off payments through Stripe: `POST /payments` (a tip or a video purchase; requires `Idempotency-Key`),
/// `GET /payments/history` (the caller's, paged), `GET /payments/{id}` (its buyer, or an admin), `POST
/// /payments/{id}/refund` (an admin, audited; or the buyer of a video within the refund window), the owner's `PUT
/// /videos/{id}/price` and anyone's `GET /videos/{id}/price`; admins' `POST /admin/payments/reconcile`. Stripe's webhooks: <see cref="StripeWebhookEndpoint"/>.
/// </summary>
public static partial class PaymentEndpoints
{
    public const int MaxIdempotencyKey = 255;

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder routes)
    {
        var payments = routes.MapGroup("/payments").WithTags("Payments");
        payments.MapPost("", Pay).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        payments.MapGet("/history", History);
        payments.MapGet("/{id:guid}", GetPayment);
        payments.MapPost("/{id:guid}/refund", Refund).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        routes.MapPut("/videos/{id:guid}/price", SetPrice).WithTags("Payments", "Videos").ProducesProblem(StatusCodes.Status403Forbidden);
        routes.MapGet("/videos/{id:guid}/price", GetPrice).WithTags("Payments", "Videos").AllowAnonymous();
        routes.MapPost("/admin/payments/reconcile", Reconcile).WithTags("Payments").RequireAuthorization(p => p.RequireRole(AccountRoles.Admin));
        routes.MapStripeWebhook();
        return routes;
    }

    public static async Task<Results<Ok<PaymentResponse>, ValidationProblem, ProblemHttpResult>> Pay(
        PaymentRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, IGrainFactory grains, ClaimsPrincipal user,
        IOptions<PaymentRulesOptions> rules)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKey || !KeyPattern().IsMatch(idempotencyKey))
        {
            return Problems.Result(400, "idempotency_key_required",
                $"Send an Idempotency-Key header (1 to {MaxIdempotencyKey} visible ASCII characters), the same for every retry of this payment.");
        }
        var r = rules.Value;
        if (!r.Accepts(request.Currency!)) errors.Add("currency", $"must be one of: {r.Currencies}");
        if (request.PaymentKind == PaymentKind.Tip && request.Amount is { } tip && (tip < r.TipMinimum || tip > r.TipMaximum))
        {
            errors.Add("amount", $"a tip is from {r.TipMinimum} to {r.TipMaximum} minor units");
        }
        if (errors.Any) return errors.ToProblem();
        var buyer = user.UserId();
        var order = new PaymentOrder(buyer, idempotencyKey, request.PaymentKind, request.TargetId!.Value, request.Amount, request.Currency!, request.PaymentMethodId!,
            request.StreamId, request.Message);
        var result = await grains.Ref<IPaymentGrain>(PaymentIds.For(buyer, idempotencyKey)).PayAsync(order);
        return result.Outcome switch
        {
            PaymentOutcome.Done => TypedResults.Ok(PaymentResponse.From(result.Payment!)),
            PaymentOutcome.TargetNotFound => Problems.NotFound(request.PaymentKind == PaymentKind.Tip ? "user" : "video"),
            PaymentOutcome.NotForSale => Problems.Result(422, "not_for_sale", "This video has no price: it is not for sale."),
            PaymentOutcome.OwnTarget => Problems.Result(422, "own_target", "You cannot pay yourself."),
            PaymentOutcome.AlreadyPurchased => Problems.Result(409, "already_purchased", "You have bought this video already (or a purchase of it is under way)."),
            PaymentOutcome.KeyReused => Problems.Result(422, "idempotency_key_reused", "This Idempotency-Key was used for another payment; use a new key."),
            PaymentOutcome.InvalidPaymentMethod => Problems.Result(422, "invalid_payment_method", "The payment provider knows no such payment method."),
            PaymentOutcome.ChatRefused => LiveChatEndpoints.Problem(result.Chat!),
            _ => Problems.Result(400, "invalid_amount", result.Problem ?? "The amount or currency is not accepted."),
        };
    }

    public static async Task<Results<Ok<ItemsResponse<PaymentResponse>>, ProblemHttpResult>> History(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var result = await grains.Ref<IPaymentDirectoryGrain>(0).HistoryAsync(user.UserId(), page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of([.. result.Items.Select(PaymentResponse.From)], result.Next));
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> GetPayment(Guid id, IGrainFactory grains, ClaimsPrincipal user)
    {
        var payment = await grains.Ref<IPaymentGrain>(id).GetAsync(user.UserId(), user.IsInRole(AccountRoles.Admin));
        return payment is null ? Problems.NotFound("payment") : TypedResults.Ok(PaymentResponse.From(payment));
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> Refund(
        Guid id, RefundRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        var admin = user.IsInRole(AccountRoles.Admin);
        if (!admin && request.Amount is not null) return Problems.Result(422, "partial_refund_not_allowed", "A buyer's refund is of the whole payment: leave amount out.");
        var order = new RefundOrder(new AuditActor(user.UserId(), http.TraceIdentifier), admin, request.Amount, request.Reason!.Trim());
        var result = await grains.Ref<IPaymentGrain>(id).RefundAsync(order);
        return result.Outcome switch
        {
            RefundOutcome.Done => TypedResults.Ok(PaymentResponse.From(result.Payment!)),
            RefundOutcome.NotFound => Problems.NotFound("payment"),
            RefundOutcome.AmountTooLarge => Problems.Result(422, "amount_too_large", $"At most {result.Refundable} minor units of this payment can be refunded."),
            RefundOutcome.WindowClosed => Problems.Result(422, "refund_window_closed", "The time to ask for a refund of this purchase has passed."),
            RefundOutcome.Watched => Problems.Result(422, "already_watched", "A video you have watched cannot be refunded."),
            _ => Problems.Result(422, "not_refundable", "This payment cannot be refunded (not paid, refunded already, or not a video purchase)."),
        };
    }

    public static async Task<Results<Ok<VideoPriceResponse>, ValidationProblem, ProblemHttpResult>> SetPrice(
        Guid id, VideoPriceRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<PaymentRulesOptions> rules)
    {
        var r = rules.Value;
        var errors = new FieldErrors();
        if (!r.Accepts(request.Currency!)) errors.Add("currency", $"must be one of: {r.Currencies}");
        if (request.Amount < r.PriceMinimum || request.Amount > r.PriceMaximum) errors.Add("amount", $"a price is from {r.PriceMinimum} to {r.PriceMaximum} minor units");
        if (errors.Any) return errors.ToProblem();
        return await grains.Ref<IVideoPriceGrain>(id).SetAsync(user.UserId(), request.Amount!.Value, request.Currency!) switch
        {
            PriceOutcome.Done => TypedResults.Ok(new VideoPriceResponse(id, request.Amount!.Value, request.Currency!)),
            PriceOutcome.Forbidden => Problems.Result(403, "not_owner", "Only the video's owner may price it."),
            _ => Problems.NotFound("video"),
        };
    }

    /// <summary>The price of a video the caller may see; 404 not_for_sale when it has none.</summary>
    public static async Task<Results<Ok<VideoPriceResponse>, ProblemHttpResult>> GetPrice(Guid id, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.Ref<IVideoGrain>(id).GetAsync(user.ViewerId()) is null) return Problems.NotFound("video");
        var price = await grains.Ref<IVideoPriceGrain>(id).GetAsync();
        return price is null ? Problems.Result(404, "not_for_sale", "This video is not for sale.") : TypedResults.Ok(new VideoPriceResponse(id, price.Amount, price.Currency));
    }

    /// <summary>Runs the reconciliation now (it also runs on a reminder); audited. What it checked and repaired.</summary>
    public static async Task<Ok<ReconciliationReport>> Reconcile(IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        TypedResults.Ok(await grains.Ref<IPaymentReconcilerGrain>(0).RunAsync(new AuditActor(user.UserId(), http.TraceIdentifier)));

    [GeneratedRegex("^[\\x21-\\x7E]+$")]
    private static partial Regex KeyPattern();
}
