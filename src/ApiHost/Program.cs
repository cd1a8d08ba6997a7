using SocialFlow.ApiHost.Analytics;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Silo.Hosting;

if (args is [RoleCommand.Name, ..]) return await RoleCommand.RunAsync(args);
if (args is [SearchRebuildCommand.Name, ..]) return await SearchRebuildCommand.RunAsync(args);
if (args is [AnalyticsRebuildCommand.Name, ..]) return await AnalyticsRebuildCommand.RunAsync(args);
if (args is [MediaArchiveCommand.Export or MediaArchiveCommand.Import, ..]) return await MediaArchiveCommand.RunAsync(args);

// appsettings.json is read from beside the binary, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSocialFlowApi();

var app = builder.Build();
app.MapSocialFlowApi();
app.Run();
return 0;

/// <summary>Visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
