using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Live;

/// <summary>
/// A recorded stream's end: its recording becomes a video (source in the media store, then the video row in
/// processing with its transcoding job). The video id is stored, pending, from the moment the stream went live, and a
/// reminder repeats the handoff until it is done, so a crash at any step retries it: storing the source again
/// overwrites the same key, and the video grain answers an existing recording's creation with success. The recording's
/// parts are on the encoding host's disk: if the stream's grain comes back on another host, they are not found and the
/// recording is marked lost (a warning in the log).
/// </summary>
public sealed partial class LiveStreamGrain
{
    private const string RecordingReminder = "recording";
    private const int MaxVideoTitle = 100;
    private Task? _handoff;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RecordingReminder) return;
        if (_pendingRecording is null) await ForgetReminderAsync();
        else if (_stream?.State == LiveState.Ended) await StartRecordingHandoff();
    }

    /// <summary>Runs beside the grain's calls (it interleaves at its awaits), so reading the stream is not held up by a long upload.</summary>
    private Task StartRecordingHandoff()
    {
        KeepActive();
        if (_handoff is { IsCompleted: false } running) return running;
        return _handoff = HandOffRecordingAsync();
    }

    private async Task HandOffRecordingAsync()
    {
        try
        {
            var s = _stream!;
            var videoId = _pendingRecording!.Value;
            var video = GrainFactory.Ref<IVideoGrain>(videoId);
            var size = await recordings.StoreAsSourceAsync(Id, videoId);
            bool exists;
            if (size is { } bytes)
            {
                exists = await video.CreateFromRecordingAsync(s.OwnerId, new NewVideo(
                    s.Title.Length > MaxVideoTitle ? s.Title[..MaxVideoTitle] : s.Title, s.Description ?? "", [], VideoVisibility(s.Visibility), bytes));
            }
            else
            {
                // Nothing on this host: either handed off already (the parts go only after the video exists) or lost with its host.
                exists = await video.GetAsync(s.OwnerId) is not null;
                if (!exists) logger.LogWarning("The recording of live stream {StreamId} is not on this host; it is lost", Id);
            }
            await SetAsync(_stream! with { RecordingVideoId = exists ? videoId : null }, pendingRecording: null);
            _pendingRecording = null;
            recordings.Delete(Id);
            await ForgetReminderAsync();
            StopKeepingActive();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Handing off the recording of live stream {StreamId} failed; its reminder retries", Id);
        }
    }

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(RecordingReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private static VideoVisibility VideoVisibility(Visibility v) => v switch
    {
        Visibility.Public => Interfaces.Videos.VideoVisibility.Public,
        Visibility.Unlisted => Interfaces.Videos.VideoVisibility.Unlisted,
        _ => Interfaces.Videos.VideoVisibility.Private,
    };
}
