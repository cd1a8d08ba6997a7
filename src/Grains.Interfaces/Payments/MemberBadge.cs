namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>A member's badge in a creator's live chat: the highest-ranked tier of the creator they are entitled to now.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberBadge([property: Id(0)] string Tier, [property: Id(1)] int Rank);
