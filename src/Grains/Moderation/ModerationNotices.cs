using System.Text.Json;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// Tells people what moderation decided, as system notifications that never name the moderator: every reporter of a
/// resolved case the outcome, the account a strike was given the reason and how to appeal, and an appellant the
/// decision. Idempotent: each notification is keyed by the event, which its recipient's grain applies once.
/// </summary>
public sealed class ModerationNotices(ModerationStore store, IGrainFactory grains, IOptions<ModerationOptions> options) : IDomainEventHandler
{
    public string Namespace => EventStreams.Moderation;

    public async Task HandleAsync(DomainEvent evt)
    {
        using var payload = JsonDocument.Parse(evt.Payload);
        var p = payload.RootElement;
        switch (evt.Kind)
        {
            case EventKinds.Moderation.CaseResolved:
                var what = Describe(p.GetProperty("target_type").GetString());
                var outcome = p.GetProperty("outcome").GetString()!;
                foreach (var (reportId, reporterId) in await store.ReportersOfCaseAsync(p.GetProperty("case_id").GetGuid()))
                {
                    await NotifyAsync(evt, reporterId, reportId, "report", $"Your report of {what} was reviewed: {OutcomeText(outcome)}. Thank you for reporting.");
                }
                if (p.GetProperty("strike_id").ValueKind == JsonValueKind.String)
                {
                    await StrikeNoticeAsync(evt, p.GetProperty("owner_id").GetGuid(), p.GetProperty("strike_id").GetGuid(), p, what);
                }
                else if (p.GetProperty("action").GetString() is "restore" or "unmark_sensitive")
                {
                    await NotifyAsync(evt, p.GetProperty("owner_id").GetGuid(), p.GetProperty("case_id").GetGuid(), "restored",
                        $"A moderator took back an earlier action on {what} (its strikes are lifted): {p.GetProperty("reason").GetString()}");
                }
                break;
            case EventKinds.Moderation.Struck:
                await StrikeNoticeAsync(evt, p.GetProperty("account_id").GetGuid(), p.GetProperty("strike_id").GetGuid(), p, "your account");
                break;
            case EventKinds.Moderation.AppealDecided:
                var approved = p.GetProperty("approved").GetBoolean();
                await NotifyAsync(evt, p.GetProperty("account_id").GetGuid(), p.GetProperty("appeal_id").GetGuid(), "appeal",
                    approved
                        ? $"Your appeal was approved and the action was reversed: {p.GetProperty("reason").GetString()}"
                        : $"Your appeal was rejected: {p.GetProperty("reason").GetString()}");
                break;
        }
    }

    private Task StrikeNoticeAsync(DomainEvent evt, Guid accountId, Guid strikeId, JsonElement p, string what)
    {
        var action = p.GetProperty("action").GetString();
        var until = p.TryGetProperty("until", out var u) && u.ValueKind == JsonValueKind.String ? $" until {u.GetDateTimeOffset():u}" : "";
        return NotifyAsync(evt, accountId, strikeId, "strike",
            $"A moderator acted on {what} ({action}{until}): {p.GetProperty("reason").GetString()}. "
            + $"You can appeal once within {options.Value.AppealWindow.TotalDays:0} days: POST /api/v1/appeals with strike_id {strikeId}.");
    }

    /// <summary>The recipient is its own actor: the platform speaks, no moderator is named.</summary>
    private Task NotifyAsync(DomainEvent evt, Guid recipient, Guid subject, string kind, string text) =>
        grains.Ref<INotificationGrain>(recipient).ApplyAsync(new NotificationInput(evt.EventId, NotificationType.System, recipient, subject, kind, null, Text: text));

    private static string Describe(string? targetType) => targetType switch
    {
        "user" => "an account",
        "live_stream" => "a live stream",
        "chat_message" => "a chat message",
        _ => $"a {targetType}",
    };

    private static string OutcomeText(string outcome) => outcome switch
    {
        "removed" => "it was removed",
        "marked_sensitive" => "it was marked sensitive",
        "warned" => "its author was warned",
        "limited" => "its author was limited",
        "suspended" => "the account was suspended",
        _ => "no rule was broken",
    };
}
