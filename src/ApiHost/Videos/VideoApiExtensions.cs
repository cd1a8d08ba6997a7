using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Videos;

public static class VideoApiExtensions
{
    /// <summary>Upload staging, the tus PATCH receiver, the expired-upload sweeper and the media store (for HLS).</summary>
    public static WebApplicationBuilder AddSocialFlowVideoApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSocialFlowMedia(builder.Configuration);
        builder.Services.AddSingleton<UploadStaging>();
        builder.Services.AddSingleton<Usernames>();
        builder.Services.AddSingleton<UploadReceiver>();
        builder.Services.AddHostedService<StagedUploadSweeper>();
        return builder;
    }
}
