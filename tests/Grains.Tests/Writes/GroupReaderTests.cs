using System.Threading.Channels;
using SocialFlow.Grains.Infrastructure;

namespace SocialFlow.Grains.Tests.Writes;

/// <summary>The group read on its own: what is asked while a read runs is read next, once per key, and a failed read
/// fails only its own batch.</summary>
public sealed class GroupReaderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KeysAskedWhileAReadRuns_AreReadNextInOneRead_EachKeyOnce_AndAMissingKeyHasNoValue()
    {
        var (reader, reads, release) = Blocking();
        var first = reader.ReadAsync(1);
        var firstRead = await reads.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([1], firstRead);

        var asked = new[] { 2, 3, 2, 99 }.Select(reader.ReadAsync).ToList();
        await Task.Delay(200);
        Assert.False(reads.Reader.TryRead(out _)); // nothing more is read while the first read runs
        release.Release();
        Assert.Equal("1", await first.WaitAsync(Bound));
        var next = await reads.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([2, 3, 99], next);
        release.Release();

        Assert.Equal(new string?[] { "2", "3", "2", null }, await Task.WhenAll(asked).WaitAsync(Bound));
    }

    [Fact]
    public async Task AFailedRead_FailsEveryCallerOfItsBatch_AndTheNextReadAnswers()
    {
        var (reader, reads, release) = Blocking(failing: 7);
        var blocker = reader.ReadAsync(1);
        await reads.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        var failing = new[] { reader.ReadAsync(7), reader.ReadAsync(8) };
        release.Release(2);
        await blocker.WaitAsync(Bound);

        foreach (var caller in failing) await Assert.ThrowsAsync<InvalidOperationException>(() => caller.WaitAsync(Bound));
        release.Release();
        Assert.Equal("8", await reader.ReadAsync(8).WaitAsync(Bound));
    }

    /// <summary>A reader (one read at a time) whose reads report their keys, then wait for a release; a read of <paramref name="failing"/> throws.
    /// Every key but 99 has a value: its number as text.</summary>
    private static (GroupReader<int, string> Reader, Channel<int[]> Reads, SemaphoreSlim Release) Blocking(int? failing = null)
    {
        var reads = Channel.CreateUnbounded<int[]>();
        var release = new SemaphoreSlim(0);
        var reader = new GroupReader<int, string>(async keys =>
        {
            reads.Writer.TryWrite([.. keys]);
            await release.WaitAsync();
            if (keys.Contains(failing ?? -1)) throw new InvalidOperationException("read failed");
            return keys.Where(k => k != 99).ToDictionary(k => k, k => k.ToString());
        }, inFlight: 1);
        return (reader, reads, release);
    }
}
