using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Live.Chat;

namespace SocialFlow.Grains.Tests.Live;

/// <summary>The room's group commit: one write in flight, later sends share the next one, and a send completes with its batch.</summary>
public sealed class ChatWriteBatcherTests
{
    private static ChatMessage Message(string text) => new(Guid.NewGuid(), Guid.Empty, Guid.Empty, "ada", text, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task SendsArrivingDuringAWrite_ShareTheNextOne_AndCompleteWithIt()
    {
        var writes = new List<List<string>>();
        var firstWrite = new TaskCompletionSource();
        var batcher = new ChatWriteBatcher(async batch =>
        {
            writes.Add([.. batch.Select(m => m.Text)]);
            if (writes.Count == 1) await firstWrite.Task;
        }, _ => { }, e => throw e);

        var a = batcher.WriteAsync(Message("a"));
        var b = batcher.WriteAsync(Message("b"));
        var c = batcher.WriteAsync(Message("c"));
        Assert.False(a.IsCompleted);
        firstWrite.SetResult();
        await Task.WhenAll(a, b, c).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([["a"], ["b", "c"]], writes);
    }

    [Fact]
    public async Task AFailedWrite_FailsItsSends_AndTheNextBatchStillGoes()
    {
        var calls = 0;
        var batcher = new ChatWriteBatcher(_ => ++calls == 1 ? Task.FromException(new InvalidOperationException("down")) : Task.CompletedTask, _ => { }, e => throw e);

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.WriteAsync(Message("lost")));
        await batcher.WriteAsync(Message("kept")).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ACommittedBatch_CompletesItsSends_EvenWhenHandingItOnThrows()
    {
        var failures = new List<Exception>();
        var batcher = new ChatWriteBatcher(_ => Task.CompletedTask, _ => throw new ObjectDisposedException("delivery timer"), failures.Add);

        await batcher.WriteAsync(Message("stored")).WaitAsync(TimeSpan.FromSeconds(5));
        await batcher.WriteAsync(Message("stored too")).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.IsType<ObjectDisposedException>(f));
    }
}
