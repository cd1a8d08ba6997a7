using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Comments;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Posts;

namespace SocialFlow.Silo.Hosting;

public static class PostsHostingExtensions
{
    /// <summary>
    /// Post, image and comment services. Called by the silo and by the API host (which serves the stored images);
    /// idempotent, so a co-hosted process registers them once.
    /// </summary>
    public static IServiceCollection AddSocialFlowPosts(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(LocalImageStore))) return services;
        var dataDirectory = configuration["SocialFlow:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, ".data");
        services.AddOptions<PostImageOptions>().BindConfiguration(PostImageOptions.Section)
            .PostConfigure(o => o.Directory ??= Path.Combine(dataDirectory, "media", "post-images"))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalImageStore>();
        services.AddSingleton<ImageSanitizer>();
        services.AddSingleton<PostStore>();
        services.AddSingleton<CommentStore>();
        return services;
    }
}
