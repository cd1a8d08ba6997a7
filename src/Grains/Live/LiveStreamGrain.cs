using SocialFlow.Grains.Interfaces.Content;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Social;

namespace SocialFlow.Grains.Live;

/// <summary>
/// One live stream: its row, loaded on activation, and the gate of its ingest. A key is accepted only while the stream
/// is scheduled (one publishing session per stream; an ended stream never goes live again). Not reentrant, so two
/// publishers racing with one key get one acceptance.
/// </summary>
public sealed class LiveStreamGrain(LiveStreamStore store, BlockLists blockLists, TimeProvider clock) : Grain, ILiveStreamGrain
{
    private LiveStreamView? _stream;
    private byte[] _keyHash = [];
    private string? _publisher; // this activation's accepted ingest session; after a silo loss any session's end ends the stream

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        if (await store.LoadAsync(Id) is { } loaded) (_stream, _keyHash) = loaded;
    }

    public async Task<LiveStreamCreated?> CreateAsync(Guid ownerId, LiveStreamDraft draft)
    {
        if (_stream is not null) return null;
        var key = StreamKeys.New(Id);
        var stream = new LiveStreamView(Id, ownerId, draft.Title, draft.Description, draft.Visibility, draft.Record, LiveState.Scheduled,
            0, clock.GetUtcNow(), null, null);
        if (!await store.InsertAsync(stream, StreamKeys.Hash(key))) return null;
        (_stream, _keyHash) = (stream, StreamKeys.Hash(key));
        return new LiveStreamCreated(stream, key);
    }

    public async Task<string?> RotateKeyAsync(Guid ownerId)
    {
        if (_stream?.OwnerId != ownerId) return null;
        var key = StreamKeys.New(Id);
        await store.SetKeyAsync(Id, StreamKeys.Hash(key));
        _keyHash = StreamKeys.Hash(key);
        return key;
    }

    public async Task<LiveStreamView?> GetAsync(Guid? viewerId) => _stream is { } s && await VisibleAsync(s, viewerId) ? s : null;

    public async Task<LiveStreamView?> EndAsync(Guid ownerId)
    {
        if (_stream is not { } s || s.OwnerId != ownerId) return null;
        if (s.State != LiveState.Ended) await SetAsync(s with { State = LiveState.Ended, EndedAt = clock.GetUtcNow() });
        return _stream;
    }

    public async Task<PublishDecision> StartPublishingAsync(string streamKey, string publisher)
    {
        if (_stream is not { } s || !StreamKeys.Matches(streamKey, _keyHash)) return PublishDecision.WrongKey;
        switch (s.State)
        {
            case LiveState.Live: return PublishDecision.AlreadyLive;
            case LiveState.Ended: return PublishDecision.Ended;
        }
        await SetAsync(s with { State = LiveState.Live, StartedAt = clock.GetUtcNow() });
        _publisher = publisher;
        return PublishDecision.Accepted;
    }

    public async Task PublishingStoppedAsync(string publisher)
    {
        // A refused second publisher's session ending must not end the accepted one's stream.
        if (_publisher is not null && _publisher != publisher) return;
        if (_stream is { State: LiveState.Live } s) await SetAsync(s with { State = LiveState.Ended, EndedAt = clock.GetUtcNow() });
    }

    private async Task SetAsync(LiveStreamView next)
    {
        await store.SetStateAsync(next);
        var changed = next.State != _stream?.State;
        _stream = next;
        // The chat room counts live time and closes at the end. Should this call fail, the change is stored all the
        // same (a retry answers it) and the room finds it in the row on its next save tick.
        if (changed) await GrainFactory.GetGrain<Interfaces.Live.Chat.ILiveRoomGrain>(Id).StreamChangedAsync();
    }

    /// <summary>Public and unlisted streams: anyone the owner does not block (either way); private ones: the owner.</summary>
    private async Task<bool> VisibleAsync(LiveStreamView s, Guid? viewerId)
    {
        if (viewerId == s.OwnerId) return true;
        if (s.Visibility == Visibility.Private) return false;
        return viewerId is not { } viewer || !await blockLists.BlockedAsync(s.OwnerId, viewer);
    }
}
