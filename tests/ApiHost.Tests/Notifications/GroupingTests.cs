using System.Net;
using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Tests.Notifications;

[Collection(NotificationsCollection.Name)]
public sealed class GroupingTests(NotificationsFixture fx)
{
    private string Cs => fx.Database.ConnectionString;

    /// <summary>
    /// A like's time is its transaction's start, so one committed long after it started is older than likes already
    /// projected: the projection's horizon waits for the oldest open transaction, or this like would never be seen.
    /// </summary>
    [Fact]
    public async Task Like_CommittedLongAfterItsTransactionStarted_IsStillProjected()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (liker, _) = await fx.Factory.UserAsync(Cs);
        var video = await fx.Factory.ItemAsync(owner);
        var api = fx.CreateClient();

        await using var slow = new Npgsql.NpgsqlConnection(Cs);
        await slow.OpenAsync();
        await using var tx = await slow.BeginTransactionAsync();
        foreach (var sql in new[]
        {
            "INSERT INTO likes (content_id, user_id, created_at) VALUES ($1, $2, now())",
            "INSERT INTO content_counters (content_id, likes) VALUES ($1, 1) ON CONFLICT (content_id) DO UPDATE SET likes = content_counters.likes + 1",
        })
        {
            await using var like = new Npgsql.NpgsqlCommand(sql, slow, tx);
            like.Parameters.Add(new Npgsql.NpgsqlParameter { Value = video });
            if (sql.Contains("$2", StringComparison.Ordinal)) like.Parameters.Add(new Npgsql.NpgsqlParameter { Value = liker });
            await like.ExecuteNonQueryAsync();
        }
        var likedAt = (DateTime)(await new Npgsql.NpgsqlCommand("SELECT now()", slow, tx).ExecuteScalarAsync())!;
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the 1 s settle time, many 100 ms rounds
        Assert.True((await fx.Database.ScalarAsync<DateTime>("SELECT upto FROM like_projection")) <= likedAt, "the horizon passed an open transaction");
        await tx.CommitAsync();

        var projected = (await api.WaitForAsync(ownerToken, "like"))!.Value;
        Assert.Equal(1, projected.Count());
        Assert.Equal([liker], projected.Actors());
    }

    [Fact]
    public async Task Likes_OfOneVideo_AreOneNotificationWithCountAndLatestActorsNewestFirst()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var likers = await fx.Factory.UsersAsync(Cs, 5);
        var video = await fx.Factory.ItemAsync(owner);
        var api = fx.CreateClient();
        foreach (var (_, token) in likers)
        {
            await api.LikeAsync(video, token);
            await api.WaitForAsync(ownerToken, "like", n => n.Actors().Count > 0 && n.Actors()[0] == likers.First(l => l.Token == token).Id);
        }

        var all = await api.ListAsync(ownerToken);
        var like = Assert.Single(all, n => n.GetProperty("type").GetString() == "like");
        Assert.Equal(5, like.Count());
        Assert.Equal(likers.AsEnumerable().Reverse().Take(3).Select(l => l.Id), like.Actors());
        Assert.Equal(video, like.GetProperty("subject_id").GetGuid());
        Assert.EndsWith("and 4 others liked your video", like.GetProperty("title").GetString());
        Assert.Equal(1, await api.UnreadAsync(ownerToken));

        // The projection runs again over the same likes (a second silo, a crash before its commit): nothing changes.
        Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, "/api/v1/notifications/read-all", null, ownerToken)).StatusCode);
        await fx.ExecuteAsync("UPDATE like_projection SET upto = upto - interval '1 hour'");
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM likes l, like_projection p WHERE l.content_id = $1 AND l.created_at >= p.upto", video), c => c == 0);
        var again = Assert.Single(await api.ListAsync(ownerToken), n => n.GetProperty("type").GetString() == "like");
        Assert.Equal(5, again.Count());
        Assert.True(again.GetProperty("read").GetBoolean());
        Assert.Equal(like.GetProperty("updated_at").GetDateTimeOffset(), again.GetProperty("updated_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task ALikeAfterRead_BumpsTheSameNotificationToTheTopAndUnreadAgain()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var users = await fx.Factory.UsersAsync(Cs, 3);
        var (first, second, third) = (users[0], users[1], users[2]);
        var (video, post) = (await fx.Factory.ItemAsync(owner), await fx.Factory.ItemAsync(owner, ContentKind.Post));
        var api = fx.CreateClient();
        await api.LikeAsync(video, first.Token);
        var videoLike = (await api.WaitForAsync(ownerToken, "like", n => n.GetProperty("subject_id").GetGuid() == video))!.Value;
        await api.LikeAsync(post, second.Token, "posts");
        await api.WaitForAsync(ownerToken, "like", n => n.GetProperty("subject_id").GetGuid() == post);
        Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, "/api/v1/notifications/read-all", null, ownerToken)).StatusCode);
        Assert.Equal(0, await api.UnreadAsync(ownerToken));

        await api.LikeAsync(video, third.Token);
        var bumped = (await api.WaitForAsync(ownerToken, "like", n => n.GetProperty("subject_id").GetGuid() == video && n.Count() == 2))!.Value;

        var list = await api.ListAsync(ownerToken);
        Assert.Equal(videoLike.GetProperty("id").GetGuid(), list[0].GetProperty("id").GetGuid());
        Assert.False(list[0].GetProperty("read").GetBoolean());
        Assert.Equal(bumped.GetProperty("id").GetGuid(), list[0].GetProperty("id").GetGuid());
        Assert.Equal(1, await api.UnreadAsync(ownerToken));
        Assert.Single(await api.ListAsync(ownerToken, "?unread=true"));
    }

    [Fact]
    public async Task SameEventAppliedTwice_CountsOnce_AndQueuesOneDeliveryPerChannel()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        await fx.Grain(owner).RegisterDeviceAsync("ok-" + Guid.NewGuid().ToString("N"), "android");
        var (actor, _) = await fx.Factory.UserAsync(Cs);
        var video = Guid.NewGuid();
        var input = new NotificationInput(Guid.NewGuid(), NotificationType.Comment, actor, video, "video", video, Guid.NewGuid(), "hi");

        await fx.Grain(owner).ApplyAsync(input);
        await fx.Grain(owner).MarkAllReadAsync();
        await fx.Grain(owner).ApplyAsync(input); // a redelivered event
        await fx.Grain(owner).ApplyAsync(input with { EventId = Guid.NewGuid() }); // the same person again: bumped, not counted

        var n = Assert.Single(await fx.CreateClient().ListAsync(ownerToken));
        Assert.Equal(1, n.Count());
        Assert.False(n.GetProperty("read").GetBoolean());
        var pushes = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM notification_deliveries WHERE user_id = $1 AND channel = 'push'", owner);
        Assert.InRange(pushes, 1, 2); // one per event at most (the first may already be sent when the second comes)
        Assert.Equal(2L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM notification_applied_events WHERE user_id = $1", owner));
    }

    [Fact]
    public async Task ARecipientWithoutDeviceOrVerifiedEmail_GetsTheNoticeInApp_AndNoDeliveryIsQueued()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (actor, _) = await fx.Factory.UserAsync(Cs);
        var video = Guid.NewGuid();

        await fx.Grain(owner).ApplyAsync(new NotificationInput(Guid.NewGuid(), NotificationType.Comment, actor, video, "video", video, Guid.NewGuid(), "hi"));

        Assert.Single(await fx.CreateClient().ListAsync(ownerToken));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM notification_deliveries WHERE user_id = $1", owner));

        await fx.ExecuteAsync("UPDATE accounts SET email_verified = true WHERE id = $1", owner);
        await fx.Grain(owner).ApplyAsync(new NotificationInput(Guid.NewGuid(), NotificationType.Comment, actor, Guid.NewGuid(), "video", null, Guid.NewGuid(), "again"));
        Assert.Equal(["email"], await fx.Database.ScalarAsync<string[]>(
            "SELECT array_agg(channel ORDER BY channel) FROM notification_deliveries WHERE user_id = $1", owner) ?? []);
    }

    [Fact]
    public async Task SelfLike_IsNeitherNotifiedNorCounted()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (other, otherToken) = await fx.Factory.UserAsync(Cs);
        var video = await fx.Factory.ItemAsync(owner);
        var api = fx.CreateClient();
        await api.LikeAsync(video, ownerToken);
        await api.LikeAsync(video, otherToken);

        await api.WaitForAsync(ownerToken, "like");
        Assert.Equal(1, (await api.ListAsync(ownerToken))[0].Count()); // the owner's own like is not counted
        Assert.Equal(other, (await api.ListAsync(ownerToken))[0].Actors().Single());
    }

    [Fact]
    public async Task Comment_Reply_AndMention_ReachTheirPeople()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (commenter, commenterToken) = await fx.Factory.UserAsync(Cs);
        var (_, replierToken) = await fx.Factory.UserAsync(Cs);
        var (mentioned, mentionedToken) = await fx.Factory.UserAsync(Cs);
        var mentionedName = await fx.Database.ScalarAsync<string>("SELECT username::text FROM accounts WHERE id = $1", mentioned);
        var video = await fx.Factory.ItemAsync(owner);
        var api = fx.CreateClient();

        var comment = await (await api.PostJsonAsync($"/api/v1/videos/{video}/comments", new { text = "nice one" }, commenterToken)).ReadJsonAsync();
        var commentId = comment.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync($"/api/v1/videos/{video}/comments",
            new { text = $"agreed @{mentionedName}", parent_id = commentId }, replierToken)).StatusCode);

        var commented = (await api.WaitForAsync(ownerToken, "comment"))!.Value;
        Assert.Equal(video, commented.GetProperty("item_id").GetGuid());
        Assert.Equal(2, (await api.WaitForAsync(ownerToken, "comment", n => n.Count() == 2))!.Value.Count());
        var reply = (await api.WaitForAsync(commenterToken, "reply"))!.Value;
        Assert.Equal(commentId, reply.GetProperty("subject_id").GetGuid());
        Assert.StartsWith("agreed", reply.GetProperty("text").GetString());
        var mention = (await api.WaitForAsync(mentionedToken, "mention"))!.Value;
        Assert.Equal(video, mention.GetProperty("item_id").GetGuid());
        Assert.DoesNotContain(await api.ListAsync(commenterToken), n => n.GetProperty("type").GetString() == "comment");
    }

    [Fact]
    public async Task LikesFromAMutedOrBlockedAccount_AreNotNotified()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var users = await fx.Factory.UsersAsync(Cs, 3);
        var (muted, blocker, friend) = (users[0], users[1], users[2]);
        await fx.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now())", owner, muted.Id);
        var video = await fx.Factory.ItemAsync(owner);
        var api = fx.CreateClient();
        await api.LikeAsync(video, blocker.Token); // liked before blocking (a blocked account can no longer like at all)
        await fx.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, now())", blocker.Id, owner);
        await api.LikeAsync(video, muted.Token);
        await api.LikeAsync(video, friend.Token);

        // Waits for the friend's like: the blocker's, made before the block, may have shown up on its own for a moment.
        var like = (await api.WaitForAsync(ownerToken, "like", n => n.Actors().Contains(friend.Id)))!.Value;
        Assert.Equal([friend.Id], like.Actors());
        Assert.Equal(1, like.Count());
    }
}
