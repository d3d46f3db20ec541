namespace CooperationBot.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding CooperationBot.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string NodeTool(string name)
    {
        var path = Combine("node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"'{path}' is missing: run `npm ci` in the repository root first (the README's test command does).");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CooperationBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CooperationBot.sln not found above " + AppContext.BaseDirectory);
    }
}
