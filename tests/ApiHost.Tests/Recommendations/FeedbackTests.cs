using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Recommendations;

/// <summary>`POST /ml/feedback` changes the next page; bad input is a 400 problem naming the field; recommendations' own checks.</summary>
[Collection(ApiCollection.Name)]
public sealed class FeedbackTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Feedback_NotInterested_RemovesTheAuthorsItemsFromTheNextPage()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (viewer, bored, liked) = (users[0], users[1], users[2]);
        await _client.FollowAsync(viewer.Token, bored.Username);
        await _client.FollowAsync(viewer.Token, liked.Username);
        var boring = new List<Guid>();
        for (var i = 0; i < 4; i++) boring.Add(await api.Factory.ItemAsync(bored.Id));
        var (first, cursor) = await _client.ForYouPageAsync(viewer.Token, 1, null);
        var kept = await api.Factory.ItemAsync(liked.Id); // the next page is ranked afresh after feedback, so it finds a new item

        var answer = await _client.FeedbackAsync(viewer.Token, boring[0], "not_interested");
        var next = (await _client.AllForYouAsync(viewer.Token, cursor)).Select(i => i.Id()).ToList();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Single(first);
        Assert.All(boring, id => Assert.DoesNotContain(id, next));
        Assert.Contains(kept, next);
        Assert.Equal("not_interested", await api.Database.ScalarAsync<string>(
            "SELECT signal FROM recommendation_feedback WHERE user_id = $1 AND item_id = $2", viewer.Id, boring[0]));
    }

    [Theory]
    [InlineData("{\"signal\":\"skipped\"}", "item_id")]
    [InlineData("{\"item_id\":\"0190a1b2-0000-7000-8000-000000000001\",\"signal\":\"loved\"}", "signal")]
    [InlineData("{\"item_id\":\"0190a1b2-0000-7000-8000-000000000001\",\"signal\":\"watched\",\"seconds\":-1}", "seconds")]
    [InlineData("{\"item_id\":\"0190a1b2-0000-7000-8000-000000000001\",\"signal\":\"see_more\",\"seconds\":5}", "seconds")]
    public async Task Feedback_BadBody_Is400NamingTheField(string body, string field)
    {
        var (_, token) = await api.Factory.UserAsync(api.Database.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ml/feedback") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);

        var problem = await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Feedback_UnknownOrPrivateItem_Is404()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var theirs = await api.Factory.ItemAsync(users[1].Id, visibility: Grains.Interfaces.Engagement.Visibility.Private);

        await (await _client.FeedbackAsync(users[0].Token, Guid.CreateVersion7(), "skipped")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.FeedbackAsync(users[0].Token, theirs, "skipped")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/ml/recommendations?type=music", "type")]
    [InlineData("/api/v1/ml/recommendations?limit=0", null)]
    [InlineData("/api/v1/feed/for-you?limit=101", null)]
    [InlineData("/api/v1/feed/for-you?cursor=garbage", null)]
    public async Task Recommendations_BadQuery_Is400(string url, string? field)
    {
        var (_, token) = await api.Factory.UserAsync(api.Database.ConnectionString);

        var problem = await (await _client.GetAsync(url, token)).AssertProblemAsync(HttpStatusCode.BadRequest);

        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Recommendations_TypePost_GivesPostsOnly_AndAnonymousIs401()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        await _client.FollowAsync(users[0].Token, users[1].Username);
        var post = await api.Factory.ItemAsync(users[1].Id, Grains.Interfaces.Engagement.ContentKind.Post);
        var video = await api.Factory.ItemAsync(users[1].Id);

        var page = new List<System.Text.Json.JsonElement>();
        string? cursor = null;
        for (var p = 0; p < 10; p++)
        {
            var body = await (await _client.GetAsync("/api/v1/ml/recommendations?type=post&limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"),
                users[0].Token)).ReadJsonAsync();
            page.AddRange(body.GetProperty("items").EnumerateArray());
            if ((cursor = body.GetProperty("next_cursor").GetString()) is null) break;
        }

        Assert.Contains(page, i => i.Id() == post);
        Assert.DoesNotContain(page, i => i.Id() == video);
        Assert.All(page, i => Assert.Equal("post", i.GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/v1/feed/for-you")).StatusCode);
    }
}
