using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class RegistrationTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Register_ValidRequest_Returns201WithAccount()
    {
        var username = "r" + Guid.NewGuid().ToString("N")[..10];
        var response = await _client.PostJsonAsync("/api/v1/auth/register",
            new { email = $"{username}@example.com", username, password = ApiClientExtensions.DefaultPassword, display_name = "Rita" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(username, body.GetProperty("username").GetString());
        Assert.Equal($"{username}@example.com", body.GetProperty("email").GetString());
        Assert.False(body.GetProperty("email_verified").GetBoolean());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        Assert.False(body.TryGetProperty("password_hash", out _));
    }

    [Fact]
    public async Task Register_TakenEmail_Returns409()
    {
        var first = await _client.RegisterAsync();
        var response = await _client.PostJsonAsync("/api/v1/auth/register",
            new { email = first.Email.ToUpperInvariant(), username = "o" + Guid.NewGuid().ToString("N")[..10], password = ApiClientExtensions.DefaultPassword });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task Register_TakenUsernameInOtherCase_Returns409()
    {
        var first = await _client.RegisterAsync();
        var response = await _client.PostJsonAsync("/api/v1/auth/register",
            new { email = $"other{Guid.NewGuid():N}@example.com", username = first.Username.ToUpperInvariant(), password = ApiClientExtensions.DefaultPassword });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "username_taken");
    }

    [Fact]
    public async Task Register_SameUsernameConcurrently_OnlyOneSucceeds()
    {
        var username = "c" + Guid.NewGuid().ToString("N")[..10];
        var attempts = Enumerable.Range(0, 5).Select(i => _client.PostJsonAsync("/api/v1/auth/register",
            new { email = $"{username}{i}@example.com", username, password = ApiClientExtensions.DefaultPassword }));
        var responses = await Task.WhenAll(attempts);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM accounts WHERE username = $1", username));
    }

    [Theory]
    [InlineData("""{"email":"a@example.com","username":"abc","password":"short"}""", "password")]
    [InlineData("""{"email":"a@example.com","username":"abc","password":"password123"}""", "password")]
    [InlineData("""{"email":"not-an-email","username":"abcd","password":"Tr0ub4dor&3-horse"}""", "email")]
    [InlineData("""{"email":"a@example.com","username":"a b","password":"Tr0ub4dor&3-horse"}""", "username")]
    [InlineData("""{"email":"a@example.com","password":"Tr0ub4dor&3-horse"}""", "username")]
    [InlineData("""{"email":"a@example.com","username":"abcdefghijabcdefghijabcdefghij1","password":"Tr0ub4dor&3-horse"}""", "username")]
    public async Task Register_InvalidField_Returns400WithFieldError(string json, string field)
    {
        var response = await _client.PostAsync("/api/v1/auth/register", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Fact]
    public async Task Register_PasswordOver128Characters_Returns400()
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/register",
            new { email = "long@example.com", username = "longpw", password = new string('x', 129) + "A1!" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("128", problem.GetProperty("errors").GetProperty("password")[0].GetString());
    }

    [Theory]
    [InlineData("{\"email\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"email\":5,\"username\":\"abc\",\"password\":\"x\"}")]
    public async Task Register_MalformedJson_Returns400Problem(string json)
    {
        var response = await _client.PostAsync("/api/v1/auth/register", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task Register_UnknownField_Returns400()
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/register",
            new { email = "x1@example.com", username = "xroleuser", password = ApiClientExtensions.DefaultPassword, roles = new[] { "admin" } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Contains("roles", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Register_WrongContentType_Returns415Problem()
    {
        var response = await _client.PostAsync("/api/v1/auth/register", new StringContent("email=a", System.Text.Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Register_QueuesVerificationEmailInOutbox()
    {
        var user = await _client.RegisterAsync();
        var subject = await api.Database.ScalarAsync<string>(
            "SELECT subject FROM email_outbox WHERE recipient = $1 AND kind = 'verify_email'", user.Email);
        Assert.Contains("Confirm", subject);
    }
}
