namespace SocialFlow.Testing;

/// <summary>The repository the tests run from (the directory holding SocialFlow.sln above the test binaries).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialFlow.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("SocialFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
