using System.ComponentModel.DataAnnotations;
using SocialFlow.ApiHost.Hosting;

namespace SocialFlow.ApiHost.Tests;

public sealed class PublicAccessOptionsTests
{
    [Theory]
    [InlineData(null, "/api/v1/uploads/1")]
    [InlineData("https://api.example.com", "https://api.example.com/api/v1/uploads/1")]
    [InlineData("https://api.example.com/", "https://api.example.com/api/v1/uploads/1")]
    public void Url_StartsWithTheConfiguredBaseOrStaysRelative(string? publicBaseUrl, string expected) =>
        Assert.Equal(expected, new PublicAccessOptions { PublicBaseUrl = publicBaseUrl }.Url("/api/v1/uploads/1"));

    [Theory]
    [InlineData("api.example.com", null)]
    [InlineData("ftp://api.example.com", null)]
    [InlineData("https://api.example.com?x=1", null)]
    [InlineData(null, "https://*.example.com")]
    [InlineData(null, "https://app.example.com/path")]
    [InlineData(null, "app.example.com")]
    public void Validate_RefusesWhatIsNotABaseUrlOrAnOrigin(string? publicBaseUrl, string? origin)
    {
        var options = new PublicAccessOptions { PublicBaseUrl = publicBaseUrl, Cors = { Origins = origin is null ? [] : [origin] } };
        Assert.NotEmpty(options.Validate(new ValidationContext(options)));
    }

    [Fact]
    public void Cors_AllowsListedOriginsOnly_IgnoringCaseAndATrailingSlash()
    {
        var cors = new CorsSettings { Origins = ["https://app.example.com/"] };
        Assert.True(cors.Allows("https://APP.example.com"));
        Assert.False(cors.Allows("https://app.example.com.evil.example"));
        Assert.False(cors.Allows("null"));
    }
}
