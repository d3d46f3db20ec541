namespace CooperationBot.Tests.Packaging;

/// <summary>Locates files in the repository the tests run from (not the build output).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "manifest");

    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>The official Teams schema bundled by npm @microsoft/app-manifest, e.g. v1.25.</summary>
    public static string TeamsSchema(string manifestVersion, string fileName)
    {
        var schemas = Path.Combine(Root, "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams");
        if (!Directory.Exists(schemas))
        {
            throw new InvalidOperationException(
                $"The Teams manifest schemas are missing ({schemas}). Run `npm ci --no-audit --no-fund` in {Root} first.");
        }

        var file = Path.Combine(schemas, "v" + manifestVersion, fileName);
        return File.Exists(file)
            ? file
            : throw new InvalidOperationException($"@microsoft/app-manifest does not bundle {file}: is manifestVersion {manifestVersion} right?");
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

        throw new InvalidOperationException($"No CooperationBot.sln above {AppContext.BaseDirectory}.");
    }
}
