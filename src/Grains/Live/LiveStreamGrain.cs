using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Live.Ingest;
using SocialFlow.Grains.Social;

namespace SocialFlow.Grains.Live;

/// <summary>
/// One live stream: its row, loaded on activation, and the gate of its ingest. A key is accepted only while the stream
/// is scheduled (one publishing session per stream; an ended stream never goes live again). Not reentrant, so two
/// publishers racing with one key get one acceptance. While live it runs the stream's encoder on this silo and stays
/// active; when a recorded stream ends, its recording is handed to the video pipeline (see LiveStreamGrain.Recording).
/// </summary>
public sealed partial class LiveStreamGrain(
    LiveStreamStore store, BlockLists blockLists, TimeProvider clock, LiveEncoder encoder, IngestControl ingest,
    RecordingFiles recordings, ILogger<LiveStreamGrain> logger) : Grain, ILiveStreamGrain, IRemindable
{
    private LiveStreamView? _stream;
    private byte[] _keyHash = [];
    private string? _publisher; // this activation's accepted ingest session; after a silo loss any session's end ends the stream
    private string? _liveKey;   // the accepted key, in memory only while live: the encoder pulls it, the ingest drops it
    private Guid? _pendingRecording;
    private IGrainTimer? _keepAlive;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        if (await store.LoadAsync(Id) is { } loaded) (_stream, _keyHash, _pendingRecording) = loaded;
        if (_stream?.State == LiveState.Ended && _pendingRecording is not null) _ = StartRecordingHandoff();
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
        if (s.State != LiveState.Ended) await EndStreamAsync();
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
        // The recording's video id is fixed (and a reminder set) before the stream is live, so an end after a crash still finds it.
        Guid? recording = s.Record ? Guid.CreateVersion7() : null;
        if (recording is not null) await this.RegisterOrUpdateReminder(RecordingReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        encoder.Start(Id, streamKey, s.Record);
        try
        {
            await SetAsync(s with { State = LiveState.Live, StartedAt = clock.GetUtcNow() }, recording);
        }
        catch
        {
            await encoder.StopAsync(Id);
            throw;
        }
        (_publisher, _liveKey, _pendingRecording) = (publisher, streamKey, recording);
        KeepActive();
        return PublishDecision.Accepted;
    }

    public async Task PublishingStoppedAsync(string publisher)
    {
        // A refused second publisher's session ending must not end the accepted one's stream.
        if (_publisher is not null && _publisher != publisher) return;
        if (_stream is { State: LiveState.Live }) await EndStreamAsync();
    }

    /// <summary>Ended is durable first; then the ingest drops the publisher and the encoder stops; then the recording goes on.</summary>
    private async Task EndStreamAsync()
    {
        await SetAsync(_stream! with { State = LiveState.Ended, EndedAt = clock.GetUtcNow() }, _pendingRecording);
        if (_liveKey is { } key) await ingest.DropAsync(Id, key);
        _liveKey = null;
        await encoder.StopAsync(Id);
        if (_pendingRecording is not null) _ = StartRecordingHandoff();
        else StopKeepingActive();
    }

    private async Task SetAsync(LiveStreamView next, Guid? pendingRecording)
    {
        await store.SetStateAsync(next, pendingRecording);
        var changed = next.State != _stream?.State;
        _stream = next;
        if (!changed) return;
        try
        {
            await GrainFactory.Ref<Interfaces.Live.Chat.ILiveRoomGrain>(Id).StreamChangedAsync();
        }
        catch (Exception e)
        {
            // The room counts live time and closes chat at the end; it also re-reads the row on its next save tick, so
            // a failed call here only delays that. The ingest must still be dropped, so it is not rethrown.
            logger.LogWarning(e, "Telling the chat room of live stream {StreamId} of its new state failed", Id);
        }
    }

    /// <summary>While live (and while a recording is handed off) the grain must not be collected: it owns the encoder.</summary>
    private void KeepActive() => _keepAlive ??= this.RegisterGrainTimer(() => Task.CompletedTask,
        new GrainTimerCreationOptions { DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true });

    private void StopKeepingActive()
    {
        _keepAlive?.Dispose();
        _keepAlive = null;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        // Only when the silo goes down while live: its encoder goes with it (the stream stays live until its publisher leaves).
        if (encoder.IsRunning(Id)) await encoder.StopAsync(Id);
    }

    /// <summary>Public and unlisted streams: anyone the owner does not block (either way); private ones, and those held or
    /// removed by moderation: the owner.</summary>
    private async Task<bool> VisibleAsync(LiveStreamView s, Guid? viewerId)
    {
        if (viewerId == s.OwnerId) return true;
        if (s.Visibility == Visibility.Private || s.Hidden) return false;
        return viewerId is not { } viewer || !await blockLists.BlockedAsync(s.OwnerId, viewer);
    }
}
