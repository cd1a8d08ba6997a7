namespace SocialFlow.ApiHost.Videos;

public static class VideoApiExtensions
{
    /// <summary>Upload staging, the tus PATCH receiver and the expired-upload sweeper (the media files come with the cluster wiring).</summary>
    public static WebApplicationBuilder AddSocialFlowVideoApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UploadStaging>();
        builder.Services.AddSingleton<Usernames>();
        builder.Services.AddSingleton<UploadReceiver>();
        builder.Services.AddHostedService<StagedUploadSweeper>();
        return builder;
    }
}
