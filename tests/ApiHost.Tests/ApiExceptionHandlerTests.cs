using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using SocialFlow.ApiHost.Hosting;

namespace SocialFlow.ApiHost.Tests;

public sealed class ApiExceptionHandlerTests
{
    public static TheoryData<Exception> ClusterUnavailable() => new()
    {
        new SiloUnavailableException(),
        // What an Orleans client throws, bare, right after its gateway died (seen in tests/Cluster.Tests).
        new ConnectionFailedException("Unable to connect to S127.0.0.1:30000:0, will retry after 995ms"),
        new ConnectionFailedException("There are no available gateways."),
        new TimeoutException("Response did not arrive on time in 00:00:30"),
        // PostgreSQL out of connections, or restarting.
        new Npgsql.PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"),
        new Npgsql.PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03"),
        new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:25432", new System.Net.Sockets.SocketException(111)),
    };

    [Fact]
    public async Task TryHandleAsync_SqlBugWithItsCode_Is500()
    {
        var http = await HandleAsync(new Npgsql.PostgresException("column \"x\" does not exist", "ERROR", "ERROR", "42703"));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ClusterUnavailable))]
    public async Task TryHandleAsync_ClusterUnavailable_Is503WithRetryAfter(Exception exception)
    {
        var http = await HandleAsync(exception);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task TryHandleAsync_ProgrammingError_Is500()
    {
        var http = await HandleAsync(new InvalidCastException("a bug"));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
    }

    private static async Task<HttpContext> HandleAsync(Exception exception)
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        Assert.True(await new ApiExceptionHandler(NullLogger<ApiExceptionHandler>.Instance).TryHandleAsync(http, exception, CancellationToken.None));
        return http;
    }
}
