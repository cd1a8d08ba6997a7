using SocialFlow.ApiHost.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSocialFlowApi();

var app = builder.Build();
app.MapSocialFlowApi();
app.Run();

/// <summary>Visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
