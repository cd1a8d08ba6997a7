using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Caching;
using SocialFlow.Grains.Interfaces.Payments;
using StackExchange.Redis;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// <see cref="IContentGate"/> on this host: items' rules copied from their <see cref="IContentAccessGrain"/> (dropped
/// when it announces a change on <see cref="Channel"/>, and after <see cref="AnnouncedCache{TValue}.MaxAge"/> at the
/// latest); a free item is answered here, a restricted one by the viewer's <see cref="ISubscriberGrain"/>.
/// </summary>
public sealed class ContentGate(IGrainFactory grains, IConnectionMultiplexer redis, TimeProvider clock, ILogger<ContentGate> logger)
    : AnnouncedCache<ContentRule>(Channel, redis, clock, logger), IContentGate
{
    public const string Channel = "socialflow:content-rules";

    public async ValueTask<AccessDecision> CheckAsync(Guid contentId, Guid? viewerId, bool watching = false)
    {
        var rule = await GetAsync(contentId);
        if (rule.Free) return AccessDecision.Open;
        if (viewerId == rule.OwnerId) return AccessDecision.Granted;
        return viewerId is { } viewer ? await grains.GetGrain<ISubscriberGrain>(viewer).AccessAsync(rule, watching) : AccessDecision.Refused(rule);
    }

    protected override Task<ContentRule> LoadAsync(Guid contentId) => grains.GetGrain<IContentAccessGrain>(contentId).GetRuleAsync();
}
