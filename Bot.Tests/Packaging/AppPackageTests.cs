using CooperationBot.Teams;

namespace CooperationBot.Tests.Packaging;

/// <summary>What manifest/package.sh produces is an app package Teams would accept.</summary>
public sealed class AppPackageTests(AppPackage package) : IClassFixture<AppPackage>
{
    private string ManifestVersion => package.Manifest["manifestVersion"]!.GetValue<string>();

    [Fact]
    public void App_package_holds_exactly_manifest_icons_and_zh_cn_at_zip_root()
    {
        Assert.Equal(
            ["color.png", "manifest.json", "outline.png", "zh-cn.json"],
            package.Entries.Keys.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> CommittedEnvFiles() =>
        new(Directory.GetFiles(Path.Combine(PackagingPaths.Manifest, "env"), "*.env").Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(CommittedEnvFiles))]
    public async Task Every_committed_env_file_packages(string envFile)
    {
        var dir = Directory.CreateTempSubdirectory("cooperationbot-env-").FullName;
        try
        {
            var result = await AppPackage.RunPackagingAsync(Path.Combine(PackagingPaths.Manifest, "env", envFile), dir);

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.True(File.Exists(Path.Combine(dir, $"appPackage.{Path.GetFileNameWithoutExtension(envFile)}.zip")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Filled_manifest_validates_against_official_schema()
    {
        var schema = PackagingPaths.TeamsSchema(ManifestVersion, "MicrosoftTeams.schema.json");

        Assert.Empty(TeamsSchemaValidator.Validate(schema, package.Manifest));
    }

    [Fact]
    public void Zh_cn_file_validates_against_official_localization_schema()
    {
        var schema = PackagingPaths.TeamsSchema(ManifestVersion, "MicrosoftTeams.Localization.schema.json");

        Assert.Empty(TeamsSchemaValidator.Validate(schema, package.ZhCn));
    }

    [Fact]
    public void Manifest_declares_zh_cn_file_that_is_in_the_package()
    {
        var info = package.Manifest["localizationInfo"]!;
        var additional = info["additionalLanguages"]!.AsArray().Single()!;

        Assert.Equal("en-us", info["defaultLanguageTag"]!.GetValue<string>());
        Assert.Equal("zh-cn", additional["languageTag"]!.GetValue<string>());
        Assert.Contains(additional["file"]!.GetValue<string>(), package.Entries.Keys);
    }

    [Fact]
    public void Placeholders_are_filled_from_the_env_file()
    {
        var manifest = package.Manifest;
        var text = manifest.ToJsonString();

        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        Assert.Equal(package.Env["TEAMS_APP_ID"], manifest["id"]!.GetValue<string>());
        Assert.Equal(package.Env["BOT_ID"], manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal([package.Env["BOT_DOMAIN"]], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void App_id_and_bot_id_are_guids()
    {
        Assert.True(ManifestChecks.IsGuid(package.Manifest["id"]!.GetValue<string>()), "app id is not a GUID");
        Assert.True(ManifestChecks.IsGuid(package.Manifest["bots"]![0]!["botId"]!.GetValue<string>()), "bot id is not a GUID");
    }

    [Fact]
    public void Bot_is_conversational_in_personal_team_and_group_chat_and_accepts_files_for_the_import()
    {
        var bot = package.Manifest["bots"]![0]!;

        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(bot["supportsFiles"]!.GetValue<bool>());
        Assert.False(bot["isNotificationOnly"]!.GetValue<bool>());
    }

    [Fact]
    public void App_names_are_english_and_chinese()
    {
        Assert.Equal("CooperationBot", package.Manifest["name"]!["short"]!.GetValue<string>());
        Assert.Equal("院地合作跟进助手", package.ZhCn["name.short"]!.GetValue<string>());
    }

    [Fact]
    public void Manifest_commands_match_command_catalog_with_scopes()
    {
        Assert.Empty(ManifestChecks.CommandDifferences(package.Manifest, CommandCatalog.All));
    }

    [Fact]
    public void Command_lists_stay_within_teams_limits()
    {
        Assert.Empty(ManifestChecks.LimitViolations(package.Manifest));
    }

    [Fact]
    public void Zh_cn_command_titles_are_the_chinese_words_the_bot_understands()
    {
        Assert.Empty(ManifestChecks.ChineseTitleProblems(package.Manifest, package.ZhCn, CommandCatalog.All));
    }

    [Fact]
    public void Color_icon_is_192_square_full_colour()
    {
        Assert.Equal("color.png", package.Manifest["icons"]!["color"]!.GetValue<string>());
        Assert.Empty(ManifestChecks.ColorIconProblems(Png.Decode(package.Entries["color.png"])));
    }

    [Fact]
    public void Outline_icon_is_32_square_white_on_transparent()
    {
        Assert.Equal("outline.png", package.Manifest["icons"]!["outline"]!.GetValue<string>());
        Assert.Empty(ManifestChecks.OutlineIconProblems(Png.Decode(package.Entries["outline.png"])));
    }
}
