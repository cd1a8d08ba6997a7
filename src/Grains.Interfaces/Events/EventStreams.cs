namespace SocialFlow.Grains.Interfaces.Events;

/// <summary>
/// The stream provider that carries domain events, and its namespaces. A stream is (namespace, entity id); each
/// namespace has exactly one durable consumer grain kind (see EventConsumerGrain in Grains).
/// </summary>
public static class EventStreams
{
    public const string Provider = "events";

    /// <summary>Video changes: created, uploaded, ready, failed, updated, deleted. Key: the video id.</summary>
    public const string Videos = "videos";
}
