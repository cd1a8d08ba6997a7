using System.Xml;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>`POST /reports`: what is reported, why, and optionally what the reporter says and which rules it breaks.</summary>
public sealed record ReportRequest(string? TargetType, Guid? TargetId, string? Reason, string? Text, IReadOnlyList<int>? RuleIds) : IValidatable
{
    public const int MaxText = 1_000, MaxRules = 10;

    public void Validate(FieldErrors errors)
    {
        errors.OneOf("target_type", TargetType, [.. ModerationNames.TargetTypes]);
        if (TargetId is null || TargetId == Guid.Empty) errors.Add("target_id", "is required");
        errors.OneOf("reason", Reason, [.. ReportReasons.All]);
        errors.MaxLength("text", Text, MaxText);
        if (RuleIds is { Count: > MaxRules }) errors.Add("rule_ids", $"must list at most {MaxRules} rules");
        if (RuleIds?.Any(r => r is < 1 or > 1_000) == true) errors.Add("rule_ids", "must be rule numbers from 1 to 1000");
    }

    public ReportDraft ToDraft()
    {
        ModerationNames.TryParseTarget(TargetType, out var type);
        return new ReportDraft(type, TargetId!.Value, Reason!, string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(), [.. (RuleIds ?? []).Distinct()]);
    }
}

public sealed record ReportResponse(
    Guid Id, ModerationTargetType TargetType, Guid TargetId, string Reason, string? Text, IReadOnlyList<int> RuleIds,
    string Status, string? Outcome, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt)
{
    public static ReportResponse From(ReportView r) =>
        new(r.Id, r.TargetType, r.TargetId, r.Reason, r.Text, r.RuleIds, r.Status, r.Outcome, r.CreatedAt, r.ResolvedAt);
}

/// <summary>`POST /moderation/queue/{id}/resolve`: the action, why (shown to the account and kept in the audit log), a
/// note for other moderators, and for limit or suspend an ISO 8601 duration (absent: for good).</summary>
public sealed record ResolveRequest(string? Action, string? Reason, string? Note, string? Duration) : IValidatable
{
    public const int MaxReason = 500, MaxNote = 2_000;

    public void Validate(FieldErrors errors)
    {
        errors.OneOf("action", Action, [.. CaseActions.ByName.Keys]);
        errors.Required("reason", Reason, MaxReason);
        errors.MaxLength("note", Note, MaxNote);
        if (Duration is null) return;
        if (Action is not ("limit" or "suspend")) errors.Add("duration", "applies to limit and suspend only");
        else CheckDuration(errors, Duration);
    }

    public CaseResolution ToResolution() =>
        new(CaseActions.ByName[Action!], Reason!.Trim(), string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Duration is null ? null : ParseDuration(Duration));

    /// <summary>A limit or suspension: an ISO 8601 duration from one minute to ten years.</summary>
    internal static void CheckDuration(FieldErrors errors, string duration)
    {
        if (ParseDuration(duration) is not { } d || d < TimeSpan.FromMinutes(1) || d > TimeSpan.FromDays(3_650))
        {
            errors.Add("duration", "must be an ISO 8601 duration from PT1M to P3650D");
        }
    }

    internal static TimeSpan? ParseDuration(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

/// <summary>`POST /admin/users/{username}/ban` (duration absent: for good) and `/unban`.</summary>
public sealed record BanRequest(string? Reason, string? Duration) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("reason", Reason, ResolveRequest.MaxReason);
        if (Duration is not null) ResolveRequest.CheckDuration(errors, Duration);
    }
}

/// <summary>`POST /appeals`: one per strike, within the appeal window.</summary>
public sealed record AppealRequest(Guid? StrikeId, string? Text) : IValidatable
{
    public const int MaxText = 2_000;

    public void Validate(FieldErrors errors)
    {
        if (StrikeId is null || StrikeId == Guid.Empty) errors.Add("strike_id", "is required");
        errors.Required("text", Text, MaxText);
    }
}

/// <summary>`POST /moderation/appeals/{id}/decide`.</summary>
public sealed record AppealDecisionRequest(bool? Approve, string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Approve is null) errors.Add("approve", "is required");
        errors.Required("reason", Reason, ResolveRequest.MaxReason);
    }
}

/// <summary>`POST /moderation/actions`: an action on a target named directly, with the resolve body's fields.</summary>
public sealed record ModerationActionRequest(string? TargetType, Guid? TargetId, string? Action, string? Reason, string? Note, string? Duration) : IValidatable
{
    public ResolveRequest Resolution => new(Action, Reason, Note, Duration);

    public void Validate(FieldErrors errors)
    {
        errors.OneOf("target_type", TargetType, [.. ModerationNames.TargetTypes]);
        if (TargetId is null || TargetId == Guid.Empty) errors.Add("target_id", "is required");
        Resolution.Validate(errors);
    }
}

public sealed record ReportExcerptResponse(string Reason, string? Text, DateTimeOffset CreatedAt);

public sealed record QueueAuthorResponse(Guid Id, string? Username, int Strikes);

/// <summary>One target's case in the queue.</summary>
public sealed record QueueItemResponse(
    Guid Id, ModerationTargetType TargetType, Guid TargetId, string Status, double Priority, int ReportCount, int ReporterCount,
    IReadOnlyList<string> Reasons, IReadOnlyList<string> Flags, bool Held, IReadOnlyList<ReportExcerptResponse> LatestReports,
    ModeratedItem? Target, QueueAuthorResponse Author, Guid? ClaimedBy, DateTimeOffset? ClaimedUntil, DateTimeOffset OpenedAt, string? Action,
    AppealView? Appeal,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    ContentScoresResponse? Scores = null)
{
    /// <summary>The item with what content analysis made of its text, when it was scored.</summary>
    public QueueItemResponse WithScores(IReadOnlyList<ContentScore> scores) =>
        scores.FirstOrDefault(s => s.TargetId == TargetId) is { } s ? this with { Scores = ContentScoresResponse.From(s) } : this;

    public static QueueItemResponse From(QueueItem i) =>
        new(i.Id, i.TargetType, i.TargetId, i.Status, i.Priority, i.ReportCount, i.ReporterCount, i.Reasons, i.Flags, i.Held,
            [.. i.LatestReports.Select(r => new ReportExcerptResponse(r.Reason, r.Text, r.CreatedAt))], i.Snapshot,
            new QueueAuthorResponse(i.OwnerId, i.OwnerUsername, i.OwnerStrikes), i.ClaimedBy, i.ClaimedUntil, i.OpenedAt, i.Action, i.Appeal);
}

public sealed record AuditRecordResponse(
    Guid Id, DateTimeOffset At, Guid? ActorId, string? ActorUsername, string Action, string TargetType, string TargetId,
    string? Reason, string? RequestId, System.Text.Json.JsonElement? Details)
{
    public static AuditRecordResponse From(AuditRecord r) =>
        new(r.Id, r.At, r.ActorId, r.ActorUsername, r.Action, r.TargetType, r.TargetId, r.Reason, r.RequestId,
            r.Details is null ? null : System.Text.Json.JsonDocument.Parse(r.Details).RootElement.Clone());
}

/// <summary>`POST /live/{id}/chat/reports/{caseId}/resolve`: a stream moderator's decision on a reported message.</summary>
public sealed record StreamReportDecision(string? Action, string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.OneOf("action", Action, "remove", "dismiss");
        errors.Required("reason", Reason, ResolveRequest.MaxReason);
    }
}
