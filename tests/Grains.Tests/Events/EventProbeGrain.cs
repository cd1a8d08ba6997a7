using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Tests.Events;

public interface IEventProbeGrain : IGrainWithGuidKey
{
    Task<ProbeReport> GetAsync();
}

/// <summary>Per event, the deliveries that got past the handler (handled, or skipped as a duplicate); and the events handled.</summary>
[GenerateSerializer, Immutable]
public sealed record ProbeReport(
    [property: Id(0)] IReadOnlyDictionary<Guid, int> Deliveries,
    [property: Id(1)] IReadOnlyList<DomainEvent> Handled);

/// <summary>
/// The durable consumer of the tests' own namespace. The payload scripts failures: {"lost_acks": n} drops the first
/// n acknowledgements of the event (as if the ack batch had failed), {"failed_handlings": n} throws from the first n
/// handlings.
/// </summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class EventProbeGrain(EventAcks acks, ILogger<EventProbeGrain> logger) : EventConsumerGrain(acks, logger), IEventProbeGrain
{
    public const string Namespace = "test-probe";

    private readonly Dictionary<Guid, int> _deliveries = [];
    private readonly Dictionary<Guid, int> _attempts = [];
    private readonly List<DomainEvent> _handled = [];

    public Task<ProbeReport> GetAsync() => Task.FromResult(new ProbeReport(new Dictionary<Guid, int>(_deliveries), [.. _handled]));

    protected override Task HandleAsync(DomainEvent evt)
    {
        var attempt = _attempts[evt.EventId] = _attempts.GetValueOrDefault(evt.EventId) + 1;
        if (attempt <= Scripted(evt, "failed_handlings")) throw new InvalidOperationException("scripted handler failure");
        _handled.Add(evt);
        return Task.CompletedTask;
    }

    protected override void Acknowledge(DomainEvent evt)
    {
        var delivery = _deliveries[evt.EventId] = _deliveries.GetValueOrDefault(evt.EventId) + 1;
        if (delivery > Scripted(evt, "lost_acks")) base.Acknowledge(evt);
    }

    private static int Scripted(DomainEvent evt, string name) =>
        JsonDocument.Parse(evt.Payload).RootElement.TryGetProperty(name, out var n) ? n.GetInt32() : 0;
}
