namespace SocialFlow.StripeStandIn;

/// <summary>
/// The stand-in as a program, for <c>make run</c>: <c>dotnet run --project tools/StripeStandIn -- --port 12111</c>, with
/// the API key, webhook URL and signing secret from STRIPE_STANDIN_API_KEY, STRIPE_STANDIN_WEBHOOK_URL and
/// STRIPE_STANDIN_WEBHOOK_SECRET (the secrets are never printed).
/// </summary>
public static class StandInProgram
{
    public static async Task<int> Main(string[] args)
    {
        var port = 12111;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--port" && !int.TryParse(args[i + 1], out port)) return Usage();
        }
        var secret = Environment.GetEnvironmentVariable("STRIPE_STANDIN_WEBHOOK_SECRET");
        if (string.IsNullOrEmpty(secret)) return Usage();
        await using var server = await StripeStandInServer.StartAsync(new StandInSettings(
            port, Environment.GetEnvironmentVariable("STRIPE_STANDIN_API_KEY"), secret, Environment.GetEnvironmentVariable("STRIPE_STANDIN_WEBHOOK_URL")));
        Console.WriteLine($"Stripe stand-in (not Stripe) on {server.BaseUrl}; webhooks to {server.WebhookUrl ?? "nowhere"}");
        await server.WaitForShutdownAsync(); // Ctrl-C or SIGTERM (the host's console lifetime)
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: STRIPE_STANDIN_WEBHOOK_SECRET=whsec_… [STRIPE_STANDIN_API_KEY=sk_…] [STRIPE_STANDIN_WEBHOOK_URL=http://…] StripeStandIn [--port N]");
        return 2;
    }
}
