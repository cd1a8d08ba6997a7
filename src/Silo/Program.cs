using SocialFlow.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSocialFlowJsonConsole();
builder.AddSocialFlowSilo();

var app = builder.Build();
app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
app.Run();
