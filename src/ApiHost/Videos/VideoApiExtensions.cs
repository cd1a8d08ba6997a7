namespace SocialFlow.ApiHost.Videos;

public static class VideoApiExtensions
{
    /// <summary>Upload locks, the tus PATCH receiver and the expired-upload sweeper (the media files and staged uploads come with the cluster wiring).</summary>
    public static WebApplicationBuilder AddSocialFlowVideoApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UploadLocks>();
        builder.Services.AddSingleton<Usernames>();
        builder.Services.AddSingleton<UploadReceiver>();
        builder.Services.AddHostedService<StagedUploadSweeper>();
        return builder;
    }
}
