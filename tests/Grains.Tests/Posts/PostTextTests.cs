using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Posts;

namespace SocialFlow.Grains.Tests.Posts;

public sealed class PostTextTests
{
    [Theory]
    [InlineData("#Hello world", new[] { "hello" })]
    [InlineData("#a #A #b_1 #1 #12a", new[] { "a", "b_1", "12a" })]
    [InlineData("no#tag, &#39; ##double #ok", new[] { "ok" })]
    [InlineData("unicode #Café #日本", new[] { "café", "日本" })]
    public void Hashtags_AreDistinctLowerCaseAndNeedALetter(string text, string[] expected) =>
        Assert.Equal(expected, PostText.Hashtags(text));

    [Fact]
    public void Hashtags_LongerThanTheLimit_AreIgnored_AndAtMostThirtyAreKept()
    {
        Assert.Empty(PostText.Hashtags("#" + new string('x', PostText.MaxHashtagLength + 1)));
        var many = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"#t{i}"));
        Assert.Equal(PostText.MaxHashtags, PostText.Hashtags(many).Count);
    }

    [Theory]
    [InlineData("hi @alice and @Bob_2!", new[] { "alice", "Bob_2" })]
    [InlineData("mail me at me@example.com or @al", new string[0])]
    [InlineData("@alice @ALICE @carol", new[] { "alice", "carol" })]
    public void Mentions_AreUsernamesNotEmailAddresses(string text, string[] expected) =>
        Assert.Equal(expected, PostText.Mentions(text));

    [Theory]
    [InlineData("Dotnet", "dotnet")]
    [InlineData("#Dotnet", "dotnet")]
    [InlineData("123", null)]
    [InlineData("a-b", null)]
    public void NormaliseTag_MatchesHowTagsAreStored(string tag, string? expected) => Assert.Equal(expected, Hashtag.Normalise(tag));

    [Fact]
    public void Sniff_NamesOnlyRealImageSignatures()
    {
        Assert.Equal("png", ImageSanitizer.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Equal("mjpeg", ImageSanitizer.Sniff([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal("gif", ImageSanitizer.Sniff("GIF89a..."u8));
        Assert.Equal("webp", ImageSanitizer.Sniff("RIFF\0\0\0\0WEBPVP8 "u8));
        Assert.Null(ImageSanitizer.Sniff("<svg xmlns=...>"u8));
        Assert.Null(ImageSanitizer.Sniff([0x89, 0x50]));
    }
}
