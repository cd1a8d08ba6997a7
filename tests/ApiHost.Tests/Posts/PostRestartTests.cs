using System.Net;
using System.Net.Http.Headers;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Posts;

/// <summary>Everything acknowledged before a host stops is there when a new host starts on the same database and media directory.</summary>
public sealed class PostRestartTests
{
    [Fact]
    public async Task Restart_PostsImagesCommentsAndCountsSurvive()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sf-posts-" + Guid.NewGuid().ToString("N"));
        try
        {
            TestUser author;
            string postUrl, imageUrl;
            Guid tombstone;
            await using (var first = new ApiFactory(db.ConnectionString, PostsFixture.Settings(dataDirectory)))
            {
                var client = first.CreateClient();
                (author, var tokens) = await client.SignUpAsync();
                using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = new ByteArrayContent(await TestImages.PngAsync(40, 30)) };
                upload.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
                var image = await (await client.SendAsync(upload)).ReadJsonAsync();
                var post = await client.CreatePostAsync(tokens.AccessToken, "durable #kept", "public", [image.GetProperty("id").GetGuid()]);
                postUrl = $"/api/v1/posts/{post.GetProperty("id").GetGuid()}";
                imageUrl = image.GetProperty("url").GetString()!;
                tombstone = (await client.CommentAsync(tokens.AccessToken, postUrl, "will be deleted")).GetProperty("id").GetGuid();
                await client.CommentAsync(tokens.AccessToken, postUrl, "reply", tombstone);
                await client.CommentAsync(tokens.AccessToken, postUrl, "second");
                Assert.Equal(HttpStatusCode.NoContent, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/comments/{tombstone}", null, tokens.AccessToken)).StatusCode);
            }

            await using var second = new ApiFactory(db.ConnectionString, PostsFixture.Settings(dataDirectory));
            var again = second.CreateClient();
            var fetched = await (await again.GetAsync(postUrl)).ReadJsonAsync();
            Assert.Equal("durable #kept", fetched.GetProperty("text").GetString());
            Assert.Equal(["kept"], fetched.GetProperty("hashtags").EnumerateArray().Select(t => t.GetString()!).ToArray());
            Assert.Equal(author.Username, fetched.GetProperty("author").GetProperty("username").GetString());
            Assert.Equal(imageUrl, fetched.GetProperty("media")[0].GetProperty("url").GetString());
            Assert.Equal(2, fetched.GetProperty("comment_count").GetInt64());
            var png = await again.GetAsync(imageUrl);
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal(0x89, (await png.Content.ReadAsByteArrayAsync())[0]);
            var comments = (await (await again.GetAsync($"{postUrl}/comments")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, comments.Count);
            Assert.True(comments.Single(c => c.GetProperty("id").GetGuid() == tombstone).GetProperty("deleted").GetBoolean());
        }
        finally
        {
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
