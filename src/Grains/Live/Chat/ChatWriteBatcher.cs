using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Group commit of a reentrant room's sends: one INSERT in flight at a time; the sends arriving meanwhile share the next
/// one. Each send completes when its batch committed. Used only from the grain's turns (single-threaded).
/// A committed batch's sends complete even if handing it on (<paramref name="committed"/>) throws, e.g. in a room that
/// is shutting down: the messages are stored, and joiners and replay read them from there.
/// </summary>
public sealed class ChatWriteBatcher(
    Func<IReadOnlyList<ChatMessage>, Task> write, Action<IReadOnlyList<ChatMessage>> committed, Action<Exception> handOnFailed)
{
    private List<(ChatMessage Message, TaskCompletionSource Done)> _pending = [];
    private bool _writing;

    public Task WriteAsync(ChatMessage message)
    {
        var done = new TaskCompletionSource();
        _pending.Add((message, done));
        if (!_writing) _ = DrainAsync();
        return done.Task;
    }

    private async Task DrainAsync()
    {
        _writing = true;
        try
        {
            while (_pending.Count > 0)
            {
                var batch = _pending;
                _pending = [];
                var messages = batch.Select(p => p.Message).ToList();
                try
                {
                    await write(messages);
                }
                catch (Exception e)
                {
                    foreach (var (_, done) in batch) done.SetException(e);
                    continue;
                }
                try
                {
                    committed(messages);
                }
                catch (Exception e)
                {
                    handOnFailed(e);
                }
                foreach (var (_, done) in batch) done.SetResult();
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
