using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

public sealed partial class VideoGrain
{
    public Task<UploadSession?> GetUploadAsync(Guid callerId) =>
        Task.FromResult(_state is { Deleted: false } s && s.OwnerId == callerId ? Session() : null);

    public async Task<SetLengthResult> SetUploadLengthAsync(Guid callerId, long length)
    {
        if (_state is not { Deleted: false } s || s.OwnerId != callerId) return new SetLengthResult(SetLengthStatus.NotFound, null);
        var session = Session();
        if (session.State is not UploadState.Active) return new SetLengthResult(SetLengthStatus.Gone, session);
        if (length == s.SizeBytes) return new SetLengthResult(SetLengthStatus.Set, session);
        if (s.UploadOffset > 0) return new SetLengthResult(SetLengthStatus.Conflict, session);
        if (length > Options.MaxUploadBytes) return new SetLengthResult(SetLengthStatus.TooLarge, session, Options.MaxUploadBytes);
        var quota = await QuotaAsync(s.OwnerId);
        if (await store.UsedBytesAsync(s.OwnerId, Id) + length > quota)
        {
            return new SetLengthResult(SetLengthStatus.QuotaExceeded, session, quota);
        }
        var next = s.Clone();
        (next.SizeBytes, next.UploadExpiresAt, next.UpdatedAt) = (length, Now + Options.UploadLifetime, Now);
        await SaveAsync(next);
        return new SetLengthResult(SetLengthStatus.Set, Session());
    }

    public async Task<UploadCommit> CommitUploadAsync(Guid callerId, long from, long to)
    {
        if (_state is not { Deleted: false } s || s.OwnerId != callerId) return new UploadCommit(UploadCommitStatus.NotFound, null);
        var session = Session();
        if (session.State is not UploadState.Active) return new UploadCommit(session.State == UploadState.Complete && from == s.SizeBytes && to == from
            ? UploadCommitStatus.Committed : UploadCommitStatus.Gone, session);
        if (from != s.UploadOffset || to < from || to > s.SizeBytes) return new UploadCommit(UploadCommitStatus.OffsetMismatch, session);
        if (to == from) return new UploadCommit(UploadCommitStatus.Committed, session);
        var next = s.Clone();
        (next.UploadOffset, next.UploadExpiresAt, next.UpdatedAt) = (to, Now + Options.UploadLifetime, Now);
        if (to == s.SizeBytes)
        {
            (next.Status, next.UploadExpiresAt) = (VideoStatus.Processing, null);
            _progress = 0;
            await SaveAsync(next, JobChange.Enqueue, Event(EventKinds.Video.Uploaded, next));
            transcodeSignal.Nudge();
        }
        else
        {
            await SaveAsync(next);
        }
        return new UploadCommit(UploadCommitStatus.Committed, Session());
    }

    public async Task RefuseUploadAsync(Guid callerId, string reason)
    {
        if (_state is not { Deleted: false, Status: VideoStatus.Uploading } s || s.OwnerId != callerId) return;
        await FailAsync(reason);
    }

    public async Task<bool> TerminateUploadAsync(Guid callerId)
    {
        if (_state is not { Deleted: false } s || s.OwnerId != callerId || Session().State != UploadState.Active) return false;
        await FailAsync("The upload was terminated by its owner.");
        return true;
    }

    public async Task<bool> ExpireUploadAsync()
    {
        if (_state is not { Deleted: false } s) return false;
        if (s is { Status: VideoStatus.Failed, UploadExpiresAt: not null }) return true;
        if (Session().State != UploadState.Expired) return false;
        await FailAsync("The upload session expired before the file was complete.");
        return true;
    }

    private async Task FailAsync(string reason, JobChange job = JobChange.None)
    {
        var next = _state!.Clone();
        (next.Status, next.FailureReason, next.UpdatedAt) = (VideoStatus.Failed, reason, Now);
        await SaveAsync(next, job, Event(EventKinds.Video.Failed, next), job == JobChange.Complete ? reason : null);
    }

    private UploadSession Session()
    {
        var s = _state!;
        var state = s.Status switch
        {
            VideoStatus.Uploading when s.UploadExpiresAt <= Now => UploadState.Expired,
            VideoStatus.Uploading => UploadState.Active,
            VideoStatus.Failed when s.UploadOffset < s.SizeBytes => UploadState.Gone,
            _ => UploadState.Complete,
        };
        return new UploadSession(Id, state, s.UploadOffset, s.SizeBytes, s.Status == VideoStatus.Uploading ? s.UploadExpiresAt : null);
    }
}
