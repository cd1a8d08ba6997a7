using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>Chat under watched words and platform moderators: held messages are stored but reach nobody until approved.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatModerationTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task HeldMessage_AcceptedAsHeld_NotReplayed_UntilApproved_FlaggedMessageDelivered_RemoveIsAudited()
    {
        var moderatorToken = await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "moderator");
        var (hold, flag) = (UniqueWord(), UniqueWord());
        await _client.SetWatchedWordsAsync(moderatorToken, (hold, "hold"), (flag, "flag"));
        try
        {
            var (owner, o) = await _client.SignUpAsync();
            var (_, viewer) = await _client.SignUpAsync();
            var streamId = Guid.CreateVersion7();
            var stream = api.Grains.Ref<ILiveStreamGrain>(streamId);
            var created = await stream.CreateAsync(owner.Id, new LiveStreamDraft("chat", null, Visibility.Public, Record: false));
            Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));

            var heldAnswer = await _client.PostJsonAsync($"/api/v1/live/{streamId}/chat", new { text = $"you {hold}" }, viewer.AccessToken);
            Assert.Equal(HttpStatusCode.Created, heldAnswer.StatusCode);
            var held = await heldAnswer.ReadJsonAsync();
            Assert.True(held.GetProperty("held").GetBoolean());
            var heldId = Guid.Parse(held.GetProperty("id").GetString()!);
            var flagged = await (await _client.PostJsonAsync($"/api/v1/live/{streamId}/chat", new { text = $"a {flag}" }, viewer.AccessToken)).ReadJsonAsync();
            Assert.False(flagged.GetProperty("held").GetBoolean());
            var flaggedId = Guid.Parse(flagged.GetProperty("id").GetString()!);

            Assert.Equal([flaggedId], await ReplayAsync(streamId, o.AccessToken));
            Assert.Equal((1L, 1L), (await api.FlaggedCountAsync(heldId), await api.FlaggedCountAsync(flaggedId)));
            Assert.Equal(streamId, await api.Grains.Ref<ILiveDirectoryGrain>(0).StreamOfChatMessageAsync(heldId));
            Assert.Null(await api.Grains.Ref<ILiveDirectoryGrain>(0).StreamOfChatMessageAsync(Guid.NewGuid()));

            var room = api.Grains.Ref<ILiveRoomGrain>(streamId);
            var by = Moderator(Guid.NewGuid());
            Assert.Equal(ContentStanding.Held, (await room.GetModeratedMessageAsync(heldId))!.Standing);
            Assert.Equal(ContentStanding.Visible, (await room.ModerateMessageAsync(heldId, ContentAction.Approve, by, ""))!.Standing);
            Assert.Equal([heldId, flaggedId], await ReplayAsync(streamId, o.AccessToken));

            var removed = await room.ModerateMessageAsync(flaggedId, ContentAction.Remove, by, "slur");
            Assert.Equal((ContentStanding.Removed, streamId, $"a {flag}"), (removed!.Standing, removed.ParentId!.Value, removed.Text!));
            Assert.Equal([heldId], await ReplayAsync(streamId, o.AccessToken));
            Assert.Equal(ContentStanding.Removed, (await room.ModerateMessageAsync(flaggedId, ContentAction.MarkSensitive, by, ""))!.Standing);
            Assert.Equal((1L, 1L), (await api.AuditCountAsync(heldId), await api.AuditCountAsync(flaggedId)));
            Assert.Null(await room.GetModeratedMessageAsync(Guid.NewGuid()));
        }
        finally
        {
            await _client.SetWatchedWordsAsync(moderatorToken);
        }
    }

    private async Task<List<Guid>> ReplayAsync(Guid streamId, string bearer) =>
        [.. (await _client.OkJsonAsync($"/api/v1/live/{streamId}/chat", bearer)).GetProperty("items").EnumerateArray()
            .Select(i => Guid.Parse(i.GetProperty("id").GetString()!))];
}
