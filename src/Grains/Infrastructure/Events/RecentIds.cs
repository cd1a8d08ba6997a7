namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// The last <c>capacity</c> ids added, for de-duplicating re-published events; the oldest is forgotten first. Grows as
/// ids come: most consumers (one per post or video) see a handful of events, and reserving the whole capacity up front
/// cost each of them about 45 KB.
/// </summary>
public sealed class RecentIds(int capacity)
{
    private readonly HashSet<Guid> _ids = [];
    private readonly Queue<Guid> _order = new();

    public bool Contains(Guid id) => _ids.Contains(id);

    public void Add(Guid id)
    {
        if (!_ids.Add(id)) return;
        _order.Enqueue(id);
        if (_order.Count > capacity) _ids.Remove(_order.Dequeue());
    }
}
