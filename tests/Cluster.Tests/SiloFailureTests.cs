using System.Net;
using SocialFlow.Cluster.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Users;
using Xunit.Abstractions;

// Each test runs its own silos and API host: side by side they would starve each other on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// Real processes, real SIGKILL: silos die without a goodbye, and the API host (an Orleans client)
/// must keep answering 2xx, or 503 with Retry-After while the cluster heals; never a 500.
/// A request already inside the killed silo gets no answer from Orleans until the client's response
/// timeout (30 s by default) and then a 503; the probe waits for those answers too.
/// </summary>
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    // Failure detection takes a few seconds even with fast settings; watch at least this long after a kill
    // so the probe also sees the moment the dead silo is declared dead and its grains move.
    private static readonly TimeSpan WatchAfterKill = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillSiloHostingUserGrain_UserSignsInAgain_AndNoAnswerIsA500()
    {
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2);
        var user = await cluster.Api.RegisterAsync();
        var tokens = await cluster.Api.LoginAsync(user);
        (await cluster.Api.GetAsync("/api/v1/users/me", tokens.AccessToken)).EnsureSuccessStatusCode();
        var victim = await cluster.SiloHostingAsync(await cluster.GrainAsync<IUserGrain>(user.Id));

        await using var probe = AvailabilityProbe.Start(cluster, user);
        await probe.WaitForSuccessAsync(since: cluster.Elapsed, TimeSpan.FromSeconds(10));
        var killedAt = cluster.Kill(victim);
        var recoveredAt = await probe.WaitForSuccessAsync(since: killedAt, RecoveryLimit);
        cluster.Log($"signed in and read /users/me again {(recoveredAt - killedAt).TotalSeconds:0.0} s after the kill");
        await WatchUntilAsync(cluster, killedAt + WatchAfterKill);
        await probe.StopAsync();
        cluster.Log(probe.Summary());

        AssertEveryAnswerAcceptable(probe);
        var fresh = await cluster.Api.LoginAsync(user);
        var me = await cluster.Api.GetAsync("/api/v1/users/me", fresh.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(user.Username, (await me.ReadJsonAsync()).GetProperty("username").GetString());
        var survivor = await cluster.SiloHostingAsync(await cluster.GrainAsync<IUserGrain>(user.Id));
        Assert.NotEqual(victim, survivor);
        cluster.Passed();
    }

    [Fact]
    public async Task SilosReplacedOneByOne_ApiKeepsServing_AndProfileWrittenBeforeIsReadable()
    {
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2);
        var (user, tokens) = await cluster.Api.SignUpAsync();
        await PatchDisplayNameAsync(cluster, tokens.AccessToken, "Before the kills");
        var first = await cluster.SiloHostingAsync(await cluster.GrainAsync<IUserGrain>(user.Id));
        var second = cluster.Silos.Single(s => s != first);

        await using var probe = AvailabilityProbe.Start(cluster, user);
        await probe.WaitForSuccessAsync(since: cluster.Elapsed, TimeSpan.FromSeconds(10));
        var firstKilledAt = cluster.Kill(first);
        await probe.WaitForSuccessAsync(since: firstKilledAt, RecoveryLimit);
        await PatchDisplayNameAsync(cluster, (await cluster.Api.LoginAsync(user)).AccessToken, "After the first kill");

        var third = cluster.StartSilo();
        await third.Host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitForActiveSilosAsync([second, third], TimeSpan.FromSeconds(30));
        cluster.Log($"{third.Host.Name} joined; killing the last original silo");
        var secondKilledAt = cluster.Kill(second);
        var recoveredAt = await probe.WaitForSuccessAsync(since: secondKilledAt, RecoveryLimit);
        cluster.Log($"served again {(recoveredAt - secondKilledAt).TotalSeconds:0.0} s after the second kill, by {third.Host.Name} alone");
        await WatchUntilAsync(cluster, secondKilledAt + WatchAfterKill);
        await probe.StopAsync();
        cluster.Log(probe.Summary());

        AssertEveryAnswerAcceptable(probe);
        var me = await cluster.Api.GetAsync("/api/v1/users/me", (await cluster.Api.LoginAsync(user)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("After the first kill", (await me.ReadJsonAsync()).GetProperty("display_name").GetString());
        (await cluster.Api.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        cluster.Passed();
    }

    private static async Task WatchUntilAsync(LocalCluster cluster, TimeSpan until)
    {
        var left = until - cluster.Elapsed;
        if (left > TimeSpan.Zero) await Task.Delay(left);
    }

    private void AssertEveryAnswerAcceptable(AvailabilityProbe probe)
    {
        var bad = probe.Observations.Where(o => !o.Acceptable).ToList();
        output.WriteLine("every probe request:\n" + probe.Report());
        Assert.True(bad.Count == 0, $"{bad.Count} answers were neither 2xx nor 503 with Retry-After:\n{string.Join('\n', bad)}");
    }

    /// <summary>A client's retry: 503 (with Retry-After) means try again; anything else but 200 is a failure.</summary>
    private static async Task PatchDisplayNameAsync(LocalCluster cluster, string token, string displayName)
    {
        var deadline = DateTime.UtcNow + RecoveryLimit;
        while (true)
        {
            var response = await cluster.Api.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = displayName }, token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(displayName, (await response.ReadJsonAsync()).GetProperty("display_name").GetString());
                return;
            }
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null && DateTime.UtcNow < deadline,
                $"PATCH /users/me: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
    }
}
