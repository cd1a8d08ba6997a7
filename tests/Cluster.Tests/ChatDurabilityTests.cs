using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using SocialFlow.Cluster.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Live.Chat;
using Xunit.Abstractions;

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// "An acknowledged chat message is durable" (docs/architecture.md#write-path) under a real kill -9: a chat load over rooms on two silos, the
/// silo hosting most rooms SIGKILLed mid-run. Every 201 must be its message in PostgreSQL; every other answer a 503 with
/// Retry-After (its outcome unknown); the rooms come back on the survivor, and each room's replay lists exactly its rows.
/// </summary>
public sealed class ChatDurabilityTests(ITestOutputHelper output)
{
    private const int RoomCount = 20;
    private const int UserCount = 40;
    private const int OwnerCount = 4;
    private const int MessagesPerSecond = 200;
    private const int MaxInFlight = 128;
    private const int ReplayPage = 50;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleSpacing = TimeSpan.FromMilliseconds(800); // the settler stays within the room's rate limit

    [Fact]
    public async Task KillSiloDuringChatLoad_EveryAcknowledgedMessageIsStoredAndReplayed_AndFailuresAre503()
    {
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2);
        var users = await cluster.SignUpAsync(UserCount + OwnerCount + 1);
        var (loadUsers, owners, settler) = (users[..UserCount], users[UserCount..^1], users[^1]);
        var hosts = await OpenRoomsAsync(cluster, owners);
        var rooms = hosts.Keys.ToList();
        var perSilo = hosts.GroupBy(h => h.Value).OrderByDescending(g => g.Count()).ToList();
        var spread = string.Join(", ", perSilo.Select(g => $"{g.Key.Host.Name} {g.Count()}"));
        cluster.Log($"{rooms.Count} rooms; rooms per silo: {spread}");
        Assert.True(perSilo.Count == 2 && perSilo[1].Count() >= RoomCount / 5, $"the rooms should be spread over both silos: {spread}");
        var (victim, survivor) = (perSilo[0].Key, perSilo[1].Key);
        var victimRooms = perSilo[0].Select(h => h.Key).ToHashSet();

        var random = new Random(5);
        var pairs = loadUsers.SelectMany(u => rooms.Select(r => (User: u, Stream: r))).OrderBy(_ => random.Next()).ToList();
        using var load = ChatLoad.Start(cluster, pairs, MessagesPerSecond, MaxInFlight, LoadDuration);
        await Task.Delay(KillAfter);
        var killedAt = cluster.Kill(victim);
        await load.WaitAsync();
        var loadAttempts = load.Attempts;
        cluster.Log($"load ended: {loadAttempts.Count} messages sent");
        await SettleAsync(cluster, load, survivor, settler, victimRooms.First());
        cluster.Log($"settled {(cluster.Elapsed - killedAt).TotalSeconds:0.0} s after the kill");

        var committed = await CommittedMessagesAsync(cluster);
        var outcome = new ChatLoadOutcome(load.Attempts, committed, killedAt);
        var afterKill = loadAttempts.Where(a => a.Acknowledged && a.StartedAt > killedAt).ToList();
        var afterKillOnVictim = afterKill.Count(a => victimRooms.Contains(a.StreamId));
        Report(outcome.Summary() + $"; acknowledged after the kill {afterKill.Count} ({afterKillOnVictim} in the killed silo's rooms); "
            + $"rooms {spread}; {loadAttempts.Count / (load.Until - load.StartedAt).TotalSeconds:0} messages/s sent");
        output.WriteLine(outcome.FailureLog());

        Assert.True(outcome.Unacceptable.Count == 0,
            $"{outcome.Unacceptable.Count} answers were neither 201 with the message nor 503 with Retry-After:\n{string.Join('\n', outcome.Unacceptable.Take(50))}");
        Assert.True(outcome.Lost.Count == 0,
            $"{outcome.Lost.Count} acknowledged messages are not in PostgreSQL as answered:\n{string.Join('\n', outcome.Lost.Take(20))}");
        Assert.True(outcome.Unasked.Count == 0,
            $"{outcome.Unasked.Count} messages in PostgreSQL were never sent (or are stored twice):\n{string.Join('\n', outcome.Unasked.Take(20))}");
        Assert.True(afterKill.Count > 0, "no message sent after the kill was acknowledged");
        Assert.True(afterKillOnVictim > 0, "no message sent after the kill to a room of the killed silo was acknowledged");
        await AssertReplaysAsync(cluster, rooms, committed);
        cluster.Passed();
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[{nameof(ChatDurabilityTests)}] {line}");
    }

    /// <summary>
    /// Schedules streams (POST /live: a scheduled stream's chat is open) and activates their rooms (the test's client
    /// asks each for its viewers) until there are <see cref="RoomCount"/> and each silo hosts at least a fifth of them,
    /// in bounded batches: Orleans' resource-optimized placement may put a whole batch on one silo. Returns where each
    /// room lives.
    /// </summary>
    private static async Task<Dictionary<Guid, SiloProcess>> OpenRoomsAsync(LocalCluster cluster, IReadOnlyList<LoadUser> owners)
    {
        const int batchSize = 10, maxBatches = 3 * RoomCount / batchSize;
        var hosts = new ConcurrentDictionary<Guid, SiloProcess>();
        bool Spread() => hosts.Count >= RoomCount && cluster.Silos.All(s => hosts.Values.Count(h => h == s) >= RoomCount / 5);
        for (var batch = 0; batch < maxBatches && !Spread(); batch++)
        {
            if (hosts.Count >= RoomCount) await Task.Delay(500); // skewed: let the silos' load statistics move on
            await Parallel.ForEachAsync(Enumerable.Range(0, batchSize), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var owner = owners[(batch * batchSize + i) % owners.Count];
                using var created = await cluster.Api.PostJsonAsync("/api/v1/live", new { title = $"Fault room {batch}.{i}", visibility = "public", record = false }, owner.Token);
                Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST /live: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
                var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
                var room = await cluster.GrainAsync<ILiveRoomGrain>(id);
                await room.GetViewersAsync();
                hosts[id] = await cluster.SiloHostingAsync(room, log: false);
            });
        }
        return new(hosts);
    }

    /// <summary>
    /// Waits (bounded) until the dead silo is out of the membership, /health/ready answers 200, and a message to a room
    /// the dead silo hosted is acknowledged; meanwhile every answer must be 201 or 503 with Retry-After.
    /// </summary>
    private static async Task SettleAsync(LocalCluster cluster, ChatLoad load, SiloProcess survivor, LoadUser user, Guid formerlyOnVictim)
    {
        var deadline = cluster.Elapsed + SettleLimit;
        await cluster.WaitUntilServingAsync([survivor], SettleLimit);
        while (true)
        {
            var sent = await load.SendAsync(user, formerlyOnVictim);
            if (sent.Acknowledged) return;
            Assert.True(sent.RetryLater && cluster.Elapsed < deadline, $"message after the kill: {sent}");
            await Task.Delay(SettleSpacing);
        }
    }

    /// <summary>
    /// GET /live/{id}/chat of every room, page by page (cursor), lists exactly the room's rows in PostgreSQL, in their
    /// order (sent_at, id): the acknowledged messages and the failed ones that committed (a 503 is retried, bounded).
    /// </summary>
    private static async Task AssertReplaysAsync(LocalCluster cluster, IReadOnlyList<Guid> rooms, IReadOnlyList<ChatRow> committed)
    {
        var deadline = cluster.Elapsed + SettleLimit;
        var byRoom = committed.ToLookup(r => r.StreamId);
        await Parallel.ForEachAsync(rooms, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (room, _) =>
        {
            var replayed = new List<ChatRow>();
            string? cursor = null;
            while (true)
            {
                var url = $"/api/v1/live/{room}/chat?limit={ReplayPage}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
                using var response = await cluster.Api.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null && cluster.Elapsed < deadline,
                        $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    await Task.Delay(250);
                    continue;
                }
                var page = await response.ReadJsonAsync();
                Assert.True(page.GetProperty("items").GetArrayLength() <= ReplayPage, $"GET {url}: more than {ReplayPage} items");
                replayed.AddRange(page.GetProperty("items").EnumerateArray().Select(m => new ChatRow(Guid.Parse(m.GetProperty("id").GetString()!),
                    m.GetProperty("stream_id").GetGuid(), m.GetProperty("user_id").GetGuid(), m.GetProperty("text").GetString()!, m.GetProperty("sent_at").GetDateTimeOffset())));
                cursor = page.GetProperty("next_cursor").GetString();
                if (cursor is null) break;
            }
            var expected = byRoom[room].ToList();
            Assert.True(expected.SequenceEqual(replayed),
                $"the replay of room {room} lists {replayed.Count} messages, PostgreSQL has {expected.Count}; first difference at "
                + $"{expected.Zip(replayed).TakeWhile(p => p.First == p.Second).Count()}");
        });
    }

    /// <summary>Every chat row (the test deletes none), by room, in replay order.</summary>
    private static async Task<List<ChatRow>> CommittedMessagesAsync(LocalCluster cluster)
    {
        var rows = new List<ChatRow>();
        await using var connection = new NpgsqlConnection(cluster.Database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT id, stream_id, user_id, text, sent_at FROM live_chat_messages ORDER BY stream_id, sent_at, id", connection);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(new(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }
}
