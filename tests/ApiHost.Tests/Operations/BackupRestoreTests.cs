using System.Net;
using System.Net.Http.Headers;
using SocialFlow.ApiHost.Tests.Payments;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.StripeStandIn;

namespace SocialFlow.ApiHost.Tests.Operations;

/// <summary>
/// scripts/backup.sh of a running, populated installation, and scripts/restore.sh into an empty database and data
/// directory: a backend started on what was restored finds the account (it signs in), the post with its image and
/// like count, the video, playable to its segments, and the payment with every ledger balance. With the S3 provider
/// the backup holds the bucket's objects, and the restore puts them into another, empty bucket.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sf-backup-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _source = null!;
    private TestDatabase _target = null!;

    public async Task InitializeAsync() => (_source, _target) = (await TestDatabase.CreateAsync(), await TestDatabase.CreateAsync());

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("Local")]
    [InlineData("S3")]
    public async Task ABackup_RestoredIntoAnEmptyInstallation_HasEveryAccountPostLikePlayableVideoAndLedgerBalance(string provider)
    {
        await using var stripe = await StripeStandInServer.StartAsync(new StandInSettings(0, PaymentsFixture.ApiKey, PaymentsFixture.WebhookSecret));
        var (sourceMedia, targetMedia) = provider == "S3" ? (await NewBucketAsync(), await NewBucketAsync()) : (Local, Local);
        var sourceSettings = VideoFixture.Settings(Path.Combine(_root, "source"));
        foreach (var (key, value) in sourceMedia) sourceSettings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        sourceSettings["SocialFlow:Payments:Stripe:ApiBase"] = stripe.BaseUrl;
        sourceSettings["SocialFlow:Payments:Stripe:SecretKey"] = PaymentsFixture.ApiKey;
        var (sourceData, targetData, backup) = (Path.Combine(_root, "source"), Path.Combine(_root, "target"), Path.Combine(_root, "backup"));
        TestUser author;
        Guid postId, imageId, videoId, paymentId;
        string fanToken;
        await using (var source = new ApiFactory(_source.ConnectionString, sourceSettings))
        {
            var client = source.CreateClient();
            (author, var tokens) = await client.SignUpAsync();
            imageId = await UploadImageAsync(client, tokens.AccessToken);
            var post = await client.PostJsonAsync("/api/v1/posts", new { text = "kept in the backup", media_ids = new[] { imageId } }, tokens.AccessToken);
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            postId = (await post.ReadJsonAsync()).GetProperty("id").GetGuid();
            var fans = new List<string>();
            foreach (var _ in Enumerable.Range(0, 2))
            {
                var (_, fan) = await client.SignUpAsync();
                Assert.True((await client.PostJsonAsync($"/api/v1/posts/{postId}/like", new { }, fan.AccessToken)).IsSuccessStatusCode);
                fans.Add(fan.AccessToken);
            }
            fanToken = fans[0];
            var tip = await client.PaidAsync(fanToken, new { kind = "tip", target_id = author.Id, amount = 700, currency = "usd", payment_method_id = "pm_card_visa" });
            paymentId = tip.GetProperty("id").GetGuid();
            var clip = await TestClips.Mp4320x240Async();
            (videoId, var upload) = await client.CreateAsync(tokens.AccessToken, clip.Length);
            await client.UploadAsync(tokens.AccessToken, upload, clip, chunk: clip.Length);
            Assert.Equal("ready", (await client.WaitUntilSettledAsync(tokens.AccessToken, videoId)).GetProperty("status").GetString());

            // While the backend runs, as an operator would.
            await RunScriptAsync("backup.sh", backup, _source.ConnectionString, sourceData, sourceMedia);
        }
        Assert.Contains($"media_provider={provider}", await File.ReadAllTextAsync(Path.Combine(backup, "manifest.txt")));
        var balances = await BalancesAsync(_source);
        Assert.Equal(0, balances.Values.Sum()); // double entry
        Assert.NotEqual(0, balances.GetValueOrDefault($"creator:{author.Id}"));

        await RunScriptAsync("restore.sh", backup, _target.ConnectionString, targetData, targetMedia);
        var targetSettings = VideoFixture.Settings(targetData);
        foreach (var (key, value) in targetMedia) targetSettings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        await using var target = new ApiFactory(_target.ConnectionString, targetSettings);
        var restored = target.CreateClient();
        var token = (await restored.LoginAsync(author)).AccessToken;
        var postAgain = await (await restored.GetAsync($"/api/v1/posts/{postId}", token)).ReadJsonAsync();
        Assert.Equal("kept in the backup", postAgain.GetProperty("text").GetString());
        Assert.Equal(2, postAgain.GetProperty("like_count").GetInt64());
        var image = await restored.GetAsync($"/api/v1/posts/media/{imageId}", token);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.NotEmpty(await image.Content.ReadAsByteArrayAsync());
        var video = await restored.GetVideoAsync(token, videoId);
        Assert.Equal("ready", video.GetProperty("status").GetString());
        await AssertPlayableAsync(restored, token, video.GetProperty("master_playlist_url").GetString()!);
        var history = await (await restored.GetAsync("/api/v1/payments/history", fanToken)).ReadJsonAsync();
        Assert.Equal(paymentId, history.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(balances, await BalancesAsync(_target));

        // Restoring again over what is there is refused: a restore only fills an empty installation.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => RunScriptAsync("restore.sh", backup, _target.ConnectionString, targetData, targetMedia));
        Assert.Contains("not empty", again.Message);
        // With S3 the media came back through the bucket, not the data directory.
        Assert.Equal(provider == "Local", Directory.Exists(Path.Combine(targetData, "media")));
    }

    private static readonly Dictionary<string, string> Local = new() { ["SocialFlow__Media__Provider"] = "Local" };

    /// <summary>A fresh, empty bucket on the tests' s3rver, as the backend's environment names it.</summary>
    private static async Task<Dictionary<string, string>> NewBucketAsync()
    {
        var s3 = new S3Fixture();
        await s3.InitializeAsync();
        await s3.DisposeAsync();
        var settings = new Dictionary<string, string?>();
        s3.Configure(settings);
        return settings.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!);
    }

    /// <summary>Every ledger account's balance (the sum of its entries).</summary>
    private static async Task<Dictionary<string, long>> BalancesAsync(TestDatabase database)
    {
        await using var cmd = database.DataSource.CreateCommand("SELECT account, sum(amount)::bigint FROM ledger_entries GROUP BY account");
        var balances = new Dictionary<string, long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) balances[r.GetString(0)] = r.GetInt64(1);
        return balances;
    }

    /// <summary>The master playlist, its first rendition's playlist and that rendition's first segment all answer.</summary>
    private static async Task AssertPlayableAsync(HttpClient client, string token, string masterUrl)
    {
        var url = new Uri(client.BaseAddress!, masterUrl);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var playlist = await client.GetAsync(url.ToString(), token);
            Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
            url = new Uri(url, (await playlist.Content.ReadAsStringAsync()).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')).Trim());
        }
        var segment = await client.GetAsync(url.ToString(), token);
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.NotEmpty(await segment.Content.ReadAsByteArrayAsync());
    }

    private static async Task<Guid> UploadImageAsync(HttpClient client, string token)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await TestImages.PngAsync(32, 24));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "picture.png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task RunScriptAsync(string script, string directory, string connectionString, string dataDirectory, Dictionary<string, string> media)
    {
        var (exit, output) = await OperatorScript.RunAsync(script, [directory], new(media)
        {
            ["SocialFlow__Postgres__ConnectionString"] = connectionString,
            ["SocialFlow__DataDirectory"] = dataDirectory,
        });
        if (exit != 0) throw new InvalidOperationException($"{script} exited {exit}: {output}");
    }
}
