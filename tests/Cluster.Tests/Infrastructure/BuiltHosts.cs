using System.Reflection;

namespace SocialFlow.Cluster.Tests.Infrastructure;

/// <summary>The Silo and ApiHost dlls this test build built (paths embedded by Cluster.Tests.csproj).</summary>
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
        var path = typeof(BuiltHosts).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"No {key} metadata: Cluster.Tests.csproj must reference the project that builds {assemblyName}.");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyName} is not built at {path}; build tests/Cluster.Tests first.", path);
    }
}
