using System.Text.Json.Nodes;
using CooperationBot.Teams;

namespace CooperationBot.Tests.Packaging;

/// <summary>The checks in <see cref="AppPackageTests"/> do fail on bad input (none is a no-op).</summary>
public sealed class BrokenInputTests(AppPackage package) : IClassFixture<AppPackage>
{
    private string ManifestVersion => package.Manifest["manifestVersion"]!.GetValue<string>();

    [Theory]
    [InlineData("wrong type", "/bots/0/supportsFiles")]
    [InlineData("unknown property", "/accentColour")]
    [InlineData("missing required field", "developer")]
    [InlineData("id not a guid", "/id")]
    public void Schema_validation_rejects_a_corrupted_manifest(string corruption, string expectedInError)
    {
        var manifest = package.Manifest;
        switch (corruption)
        {
            case "wrong type":
                manifest["bots"]![0]!["supportsFiles"] = "no";
                break;
            case "unknown property":
                manifest["accentColour"] = "#0F766E";
                break;
            case "missing required field":
                manifest.AsObject().Remove("developer");
                break;
            case "id not a guid":
                manifest["id"] = "cooperationbot";
                break;
        }

        var errors = TeamsSchemaValidator.Validate(PackagingPaths.TeamsSchema(ManifestVersion, "MicrosoftTeams.schema.json"), manifest);

        Assert.Contains(errors, e => e.Contains(expectedInError, StringComparison.Ordinal));
    }

    [Fact]
    public void Localization_schema_rejects_an_unknown_key_in_zh_cn()
    {
        var zhCn = package.ZhCn;
        zhCn["name.nickname"] = "助手";

        var errors = TeamsSchemaValidator.Validate(PackagingPaths.TeamsSchema(ManifestVersion, "MicrosoftTeams.Localization.schema.json"), zhCn);

        Assert.Contains(errors, e => e.Contains("name.nickname", StringComparison.Ordinal));
    }

    [Fact]
    public void Command_check_reports_catalog_commands_missing_from_the_manifest_and_extra_ones()
    {
        var catalog = CommandCatalog.All.Append(
            CommandCatalog.All[0] with { English = "status", Chinese = "状态", Scopes = CommandScopes.Team }).ToList();
        var manifest = package.Manifest;
        manifest["bots"]![0]!["commandLists"]![1]!["commands"]!.AsArray()
            .Add(new JsonObject { ["title"] = "dance", ["description"] = "Not a real command" });

        var differences = ManifestChecks.CommandDifferences(manifest, catalog);

        Assert.Contains(differences, d => d.Contains("'status' in team", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("'dance' in team", StringComparison.Ordinal));
    }

    [Fact]
    public void Command_check_reports_a_command_in_the_wrong_scope()
    {
        var manifest = package.Manifest;
        var personal = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();
        var report = personal.Single(c => c!["title"]!.GetValue<string>() == "report")!;
        personal.Remove(report);
        manifest["bots"]![0]!["commandLists"]![2]!["commands"]!.AsArray().Add(report);

        var differences = ManifestChecks.CommandDifferences(manifest, CommandCatalog.All);

        Assert.Contains(differences, d => d.Contains("'report' in groupChat", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("'report' in personal", StringComparison.Ordinal));
    }

    [Fact]
    public void Limit_check_reports_too_many_commands_and_long_titles()
    {
        var manifest = package.Manifest;
        var commands = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();
        for (var i = commands.Count; i <= ManifestChecks.MaxCommandsPerList; i++)
        {
            commands.Add(new JsonObject { ["title"] = $"command {i}", ["description"] = "filler" });
        }

        commands.Add(new JsonObject { ["title"] = new string('x', 33), ["description"] = "too long a title" });

        var problems = ManifestChecks.LimitViolations(manifest);

        Assert.Contains(problems, p => p.Contains("at most 10", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("1-32 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void Chinese_title_check_reports_a_wrong_translation()
    {
        var zhCn = package.ZhCn;
        zhCn["bots[0].commandLists[0].commands[0].title"] = "报告";

        Assert.NotEmpty(ManifestChecks.ChineseTitleProblems(package.Manifest, zhCn, CommandCatalog.All));
    }

    [Fact]
    public void Outline_icon_check_rejects_a_coloured_opaque_icon()
    {
        // The colour icon is the wrong size, opaque and teal: every rule should trip.
        var problems = ManifestChecks.OutlineIconProblems(Png.Decode(package.Entries["color.png"]));

        Assert.Contains(problems, p => p.Contains("32x32", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not white", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not transparent", StringComparison.Ordinal));
    }

    [Fact]
    public void Color_icon_check_rejects_the_32px_outline()
    {
        Assert.NotEmpty(ManifestChecks.ColorIconProblems(Png.Decode(package.Entries["outline.png"])));
    }

    [Fact]
    public async Task Packaging_rejects_an_env_file_whose_bot_id_is_not_a_guid()
    {
        var dir = Directory.CreateTempSubdirectory("cooperationbot-badenv-").FullName;
        try
        {
            var envFile = Path.Combine(dir, "bad.env");
            await File.WriteAllLinesAsync(envFile, File.ReadAllLines(AppPackage.EnvFile)
                .Select(l => l.StartsWith("BOT_ID=", StringComparison.Ordinal) ? "BOT_ID=cooperationbot" : l));

            var result = await AppPackage.RunPackagingAsync(envFile, dir);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("BOT_ID", result.StdErr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "appPackage.bad.zip")), "a package was built from a bad env file");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
