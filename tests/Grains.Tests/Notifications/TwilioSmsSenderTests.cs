using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Notifications.Delivery;

namespace SocialFlow.Grains.Tests.Notifications;

public sealed class SmsSinkFixture : IAsyncLifetime
{
    public SmsProviderSink Sink { get; private set; } = null!;

    public async Task InitializeAsync() => Sink = await SmsProviderSink.StartAsync();

    public async Task DisposeAsync() => await Sink.DisposeAsync();
}

public sealed class TwilioSmsSenderTests(SmsSinkFixture fixture) : IClassFixture<SmsSinkFixture>
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "test-auth-token-0123456789";
    private const string From = "+15005550006";

    [Fact]
    public async Task SendAsync_Configured_PostsFormToMessagesWithBasicAuthAndReturnsSid()
    {
        var to = "+4915" + Random.Shared.Next(10_000_000, 99_999_999);

        var result = await Sender(fixture.Sink.BaseAddress).SendAsync(to, "ada & 2 others liked your video", CancellationToken.None);

        Assert.Equal(SmsOutcome.Sent, result.Outcome);
        Assert.StartsWith("SM", result.MessageId);
        var request = Assert.Single(fixture.Sink.Requests, r => r.Form.GetValueOrDefault("To") == to);
        Assert.Equal(("POST", $"/2010-04-01/Accounts/{AccountSid}/Messages.json"), (request.Method, request.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")), request.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["To"] = to, ["From"] = From, ["Body"] = "ada & 2 others liked your video" }, request.Form);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers400_RejectedWithCodeButNeitherNumberNorToken()
    {
        var result = await Sender(fixture.Sink.BaseAddress).SendAsync(SmsProviderSink.InvalidNumber, "hi", CancellationToken.None);

        Assert.Equal(SmsOutcome.Rejected, result.Outcome);
        Assert.Contains("400", result.Error);
        Assert.Contains("21211", result.Error);
        Assert.DoesNotContain(SmsProviderSink.InvalidNumber, result.Error);
        Assert.DoesNotContain(AuthToken, result.Error);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers429_RetryAfterTheProvidersDelay()
    {
        var result = await Sender(fixture.Sink.BaseAddress).SendAsync(SmsProviderSink.Throttled, "hi", CancellationToken.None);

        Assert.Equal((SmsOutcome.Retry, TimeSpan.FromSeconds(7)), (result.Outcome, result.RetryAfter));
        Assert.Contains("20429", result.Error);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers500_RetryWithoutThrowing()
    {
        var result = await Sender(fixture.Sink.BaseAddress).SendAsync(SmsProviderSink.Broken, "hi", CancellationToken.None);

        Assert.Equal(SmsOutcome.Retry, result.Outcome);
        Assert.Contains("500", result.Error);
    }

    [Fact]
    public async Task SendAsync_ProviderUnreachable_RetryWithoutThrowing()
    {
        var result = await Sender($"http://127.0.0.1:{ClosedPort()}").SendAsync("+15551230000", "hi", CancellationToken.None);

        Assert.Equal(SmsOutcome.Retry, result.Outcome);
        Assert.Contains("could not be reached", result.Error);
    }

    [Fact]
    public async Task SendAsync_NotConfigured_DisabledAndNothingSent()
    {
        var before = fixture.Sink.Requests.Count;
        var sender = new TwilioSmsSender(new HttpClient(), Options.Create(new SmsOptions { BaseUrl = fixture.Sink.BaseAddress }), TimeProvider.System);

        var result = await sender.SendAsync("+15551230000", "hi", CancellationToken.None);

        Assert.Equal(SmsOutcome.Disabled, result.Outcome);
        Assert.Equal(before, fixture.Sink.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_NumberNotE164_RejectedWithoutRequest()
    {
        var before = fixture.Sink.Requests.Count;

        var result = await Sender(fixture.Sink.BaseAddress).SendAsync("0151 2345678", "hi", CancellationToken.None);

        Assert.Equal(SmsOutcome.Rejected, result.Outcome);
        Assert.Equal(before, fixture.Sink.Requests.Count);
    }

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData(AccountSid, AuthToken, From, true)]
    [InlineData(AccountSid, null, From, false)]
    [InlineData(null, AuthToken, null, false)]
    [InlineData("AC123", AuthToken, From, false)]
    [InlineData(AccountSid, AuthToken, "5550006", false)]
    public void SmsOptions_PartialOrMalformed_FailValidation(string? sid, string? token, string? from, bool valid)
    {
        var options = new SmsOptions { AccountSid = sid, AuthToken = token, From = from };
        var results = new List<ValidationResult>();

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.All(results, r => Assert.DoesNotContain(AuthToken, r.ErrorMessage));
    }

    private static TwilioSmsSender Sender(string baseUrl) => new(new HttpClient(), Options.Create(new SmsOptions
    {
        BaseUrl = baseUrl, AccountSid = AccountSid, AuthToken = AuthToken, From = From, Timeout = TimeSpan.FromSeconds(5),
    }), TimeProvider.System);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
