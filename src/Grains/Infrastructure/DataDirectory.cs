using Microsoft.Extensions.Configuration;

namespace SocialFlow.Grains.Infrastructure;

/// <summary>
/// The one root under which every local directory defaults (media, post images, uploads, transcoding, live, mail):
/// SocialFlow:DataDirectory, or .data beside the binary.
/// </summary>
public static class DataDirectory
{
    public const string Key = "SocialFlow:DataDirectory";

    public static string Of(IConfiguration configuration, params string[] below) =>
        Path.Combine([configuration[Key] ?? Path.Combine(AppContext.BaseDirectory, ".data"), .. below]);
}
