using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Input;

/// <summary>
/// The guard: every operation of the OpenAPI document the host serves gets the <see cref="BadInputCatalogue"/> (malformed
/// JSON, wrong types, nulls, unknown fields, 1 MB strings, NUL and other control characters, deep nesting, bad charsets
/// and content types, oversize bodies, bad path and query values), anonymously and as a signed-in user who owns none of
/// the objects the ids name. No answer may be a 5xx, every error must be problem+json, and the owner's objects must be
/// as they were. New routes are covered as they are mapped.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputGuardTests(ApiFixture fixture, ITestOutputHelper output)
{
    private const int InFlight = 4;
    private const int RequestsPerAttacker = 300; // under the per-user burst of the rate limiter (400)

    [Fact]
    public async Task EveryRoute_BadInput_NoServerError_OnlyProblems_AndOtherUsersObjectsUnchanged()
    {
        var client = fixture.CreateClient();
        var users = await fixture.Factory.NamedUsersAsync(fixture.Database.ConnectionString, 40);
        var owner = await OtherUsersObjects.CreateAsync(client, users[0]);
        var attackers = users.Skip(1).Select(u => u.Token).ToList();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var cases = new BadInputCatalogue(document, owner.ValueFor).Cases().ToList();
        var before = await owner.SnapshotAsync(client);

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        var work = cases.Select(c => (Case: c, Token: (string?)null))
            .Concat(cases.Select((c, i) => (Case: c, Token: (string?)attackers[i / RequestsPerAttacker % attackers.Count])));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (w, ct) =>
        {
            using var request = new HttpRequestMessage(w.Case.Method, w.Case.Url) { Content = w.Case.Body() };
            if (w.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", w.Token);
            using var response = await client.SendAsync(request, ct);
            Interlocked.Increment(ref sent);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if (Verdict(response, await response.Content.ReadAsStringAsync(ct)) is { } wrong)
            {
                failures.Add($"{(w.Token is null ? "anonymous" : "signed in")} {w.Case}: {wrong}");
            }
        });
        clock.Stop();

        output.WriteLine($"{sent} requests ({cases.Count} cases × anonymous and signed in) over {document.GetProperty("paths").EnumerateObject().Count()} paths in {clock.Elapsed.TotalSeconds:0.0} s; "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers of {sent}:\n" + string.Join("\n", failures.Order().Take(60)));
        Assert.Equal(before, await owner.SnapshotAsync(client));
    }

    private static string? Verdict(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var head = body.Length > 300 ? body[..300] : body;
        if (status >= 500) return $"{status} {head}";
        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} with {response.Content.Headers.ContentType?.ToString() ?? "no content type"}: {head}";
        }
        return null;
    }
}
