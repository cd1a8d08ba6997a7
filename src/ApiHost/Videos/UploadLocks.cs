using System.Collections.Concurrent;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// One PATCH at a time per upload on this host (a resumed PATCH may arrive while the dropped one is still finishing).
/// Across hosts the video grain's offset check decides: of two PATCHes at one offset only one commits.
/// </summary>
public sealed class UploadLocks
{
    private readonly ConcurrentDictionary<Guid, Gate> _gates = new();

    /// <summary>Waits for this upload's lock; null when it stays taken for <paramref name="wait"/>.</summary>
    public async Task<IDisposable?> LockAsync(Guid id, TimeSpan wait)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(id, _ => new Gate());
            lock (gate)
            {
                if (gate.Retired) continue;
                gate.Users++;
            }
            if (await gate.Semaphore.WaitAsync(wait)) return new Release(this, id, gate);
            Leave(id, gate);
            return null;
        }
    }

    private void Leave(Guid id, Gate gate)
    {
        lock (gate)
        {
            if (--gate.Users > 0) return;
            gate.Retired = true;
            _gates.TryRemove(new KeyValuePair<Guid, Gate>(id, gate));
        }
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
        public bool Retired;
    }

    private sealed class Release(UploadLocks owner, Guid id, Gate gate) : IDisposable
    {
        public void Dispose()
        {
            gate.Semaphore.Release();
            owner.Leave(id, gate);
        }
    }
}
