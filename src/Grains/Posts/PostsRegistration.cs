using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Media;

namespace SocialFlow.Grains.Posts;

public static class PostsRegistration
{
    /// <summary>The posts' store, the image sanitiser and the sweeper of images never attached (the image store is media's).</summary>
    public static IServiceCollection AddPosts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PostStore>();
        services.AddSingleton<ImageSanitizer>();
        services.AddHostedService<UnattachedImageSweeper>();
        return services;
    }
}
