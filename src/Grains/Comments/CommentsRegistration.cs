using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Comments;

public static class CommentsRegistration
{
    /// <summary>The comments' store.</summary>
    public static IServiceCollection AddComments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CommentStore>();
        return services;
    }
}
