namespace CooperationBot.Tests.Packaging;

/// <summary>Where the Teams app package and the infrastructure live in the repository.</summary>
internal static class PackagingPaths
{
    private static string Root => Infrastructure.RepoPaths.Root;

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
}
