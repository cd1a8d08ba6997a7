using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>`rebuild-search` (make search-rebuild): the index rebuilt from the tables, resumable, with progress.</summary>
[Collection(ApiCollection.Name)]
public sealed class SearchRebuildTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task TheCommand_ReindexesWhatTheIndexLost_AndABatchResumesWhereTheLastStopped()
    {
        var word = "rb" + Guid.NewGuid().ToString("N")[..10];
        var (author, a) = await _client.SignUpAsync();
        // A video whose stored state cannot be read: the rebuild logs it and goes on.
        await api.Database.ExecuteAsync("""
            INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, created_at, ready_at, version, state)
            VALUES ($1, $2, 'unreadable', 'public', 'ready', 1, now(), now(), 1, '\x00')
            """, Guid.CreateVersion7(), author.Id);
        var post = (await _client.CreatePostAsync(a.AccessToken, $"{word} to be lost")).GetProperty("id").GetGuid();
        await _client.CreatePostAsync(a.AccessToken, "another, so that a batch of one leaves more to do");
        var url = $"/api/v1/search?q={word}";
        await Eventually.ValueAsync(() => _client.ItemIdsAsync(url, null), ids => ids.Count == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, await api.Database.ExecuteAsync("DELETE FROM search_documents WHERE id = $1", post));
        Assert.Empty(await _client.ItemIdsAsync(url, null));

        var settings = api.Factory.Services.GetRequiredService<IConfiguration>().AsEnumerable().ToList(); // the same cluster
        Assert.Equal(0, await SearchRebuildCommand.RunAsync([SearchRebuildCommand.Name, "--restart"], settings));
        Assert.Equal([post], await _client.ItemIdsAsync(url, null));
        Assert.Equal(64, await SearchRebuildCommand.RunAsync([SearchRebuildCommand.Name, "--everything"], settings));

        var rebuild = api.Grains.Ref<ISearchRebuildGrain>(0);
        var first = await rebuild.RebuildBatchAsync(SearchType.Post, restart: true, batchSize: 1);
        var second = await rebuild.RebuildBatchAsync(SearchType.Post, restart: false, batchSize: 1);
        Assert.Equal((1L, 2L, false), (first.Indexed, second.Indexed, second.Done));
        Assert.True(second.Total >= 2);
        var position = await api.Database.ScalarAsync<Guid>("SELECT last_id FROM search_rebuilds WHERE kind = 'post'");
        Assert.Equal(1, await api.Database.ScalarAsync<long>("SELECT count(*) FROM posts WHERE id < $1", position)); // the second post by id
    }
}
