using System.Reflection;

namespace SocialFlow.Testing.Cluster;

/// <summary>
/// The Silo and ApiHost dlls the test build built. A test project that starts hosts as processes embeds their paths
/// in its own assembly (see the EmbedClusterHostPaths target of Cluster.Tests.csproj); they are read here from
/// whichever loaded assembly carries them.
/// </summary>
public static class BuiltHosts
{
    public static string Silo => Path("SocialFlow.Silo");
    public static string ApiHost => Path("SocialFlow.ApiHost");

    /// <summary>The dotnet host running these tests, so children run on the same runtime.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Path(string assemblyName)
    {
        var key = "host:" + assemblyName;
        var path = AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(a => a.GetCustomAttributes<AssemblyMetadataAttribute>())
            .FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"No {key} metadata: the test project must reference the project that builds {assemblyName} (see Cluster.Tests.csproj).");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyName} is not built at {path}; build the test project first.", path);
    }
}
