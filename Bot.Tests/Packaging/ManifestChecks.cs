using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CooperationBot.Teams;

namespace CooperationBot.Tests.Packaging;

/// <summary>
/// Rules Teams enforces at upload that the JSON schema does not express. Each check returns the
/// problems it found (empty = fine), so the tests can show both a pass and a failure.
/// </summary>
internal static partial class ManifestChecks
{
    // Teams' documented limits for bot command menus (the schema allows 12 / 128 / 4000).
    public const int MaxCommandsPerList = 10;
    public const int MaxCommandTitleLength = 32;
    public const int MaxCommandDescriptionLength = 128;

    private static readonly (CommandScopes Flag, string Name)[] ScopeNames =
    [
        (CommandScopes.Personal, "personal"),
        (CommandScopes.Team, "team"),
        (CommandScopes.GroupChat, "groupChat"),
    ];

    [GeneratedRegex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")]
    private static partial Regex Guid();

    public static bool IsGuid(string? value) => value is not null && Guid().IsMatch(value);

    /// <summary>Every manifest command is in the catalog with the same scopes, and every catalog command meant for the menu is in the manifest.</summary>
    public static IReadOnlyList<string> CommandDifferences(JsonNode manifest, IReadOnlyList<CommandDefinition> catalog)
    {
        var inManifest = CommandLists(manifest)
            .SelectMany(list => list.Scopes.SelectMany(scope => list.Commands.Select(c => (Scope: scope, c.Title))))
            .ToHashSet();
        var inCatalog = catalog
            .Where(c => c.InMenu)
            .SelectMany(c => ScopeNames.Where(s => c.Scopes.HasFlag(s.Flag)).Select(s => (Scope: s.Name, Title: c.English)))
            .ToHashSet();

        return inManifest.Except(inCatalog).Select(p => $"manifest lists '{p.Title}' in {p.Scope} but CommandCatalog does not")
            .Concat(inCatalog.Except(inManifest).Select(p => $"CommandCatalog has '{p.Title}' in {p.Scope} but the manifest does not"))
            .ToList();
    }

    public static IReadOnlyList<string> LimitViolations(JsonNode manifest)
    {
        var problems = new List<string>();
        var lists = CommandLists(manifest);
        foreach (var (list, i) in lists.Select((l, i) => (l, i)))
        {
            if (list.Commands.Count > MaxCommandsPerList)
            {
                problems.Add($"commandLists[{i}] has {list.Commands.Count} commands; Teams shows at most {MaxCommandsPerList}");
            }

            problems.AddRange(list.Commands.Where(c => c.Title.Length is 0 or > MaxCommandTitleLength)
                .Select(c => $"commandLists[{i}] title '{c.Title}' must be 1-{MaxCommandTitleLength} characters"));
            problems.AddRange(list.Commands.Where(c => c.Description.Length is 0 or > MaxCommandDescriptionLength)
                .Select(c => $"commandLists[{i}] '{c.Title}' description must be 1-{MaxCommandDescriptionLength} characters"));
            problems.AddRange(list.Commands.GroupBy(c => c.Title, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"commandLists[{i}] lists '{g.Key}' twice"));
        }

        var botScopes = (manifest["bots"]?[0]?["scopes"]?.AsArray() ?? []).Select(s => s!.GetValue<string>()).ToHashSet();
        problems.AddRange(lists.SelectMany(l => l.Scopes).Where(s => !botScopes.Contains(s)).Distinct()
            .Select(s => $"a command list is for {s}, which the bot's scopes do not include"));
        problems.AddRange(lists.SelectMany(l => l.Scopes).GroupBy(s => s).Where(g => g.Count() > 1)
            .Select(g => $"more than one command list for {g.Key}"));
        return problems;
    }

    /// <summary>The zh-cn file translates every command, using the Chinese word the bot understands.</summary>
    public static IReadOnlyList<string> ChineseTitleProblems(JsonNode manifest, JsonNode zhCn, IReadOnlyList<CommandDefinition> catalog)
    {
        var problems = new List<string>();
        foreach (var (list, i) in CommandLists(manifest).Select((l, i) => (l, i)))
        {
            foreach (var (command, j) in list.Commands.Select((c, j) => (c, j)))
            {
                var key = $"bots[0].commandLists[{i}].commands[{j}]";
                var zhTitle = zhCn[key + ".title"]?.GetValue<string>();
                var expected = catalog.FirstOrDefault(c => c.English == command.Title)?.Chinese;
                if (zhTitle != expected)
                {
                    problems.Add($"{key}.title is '{zhTitle}', CommandCatalog's Chinese for '{command.Title}' is '{expected}'");
                }

                if (string.IsNullOrWhiteSpace(zhCn[key + ".description"]?.GetValue<string>()))
                {
                    problems.Add($"{key}.description has no zh-cn translation");
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> ColorIconProblems(Png png)
    {
        var problems = new List<string>();
        if (png.Width != 192 || png.Height != 192)
        {
            problems.Add($"color icon is {png.Width}x{png.Height}, Teams needs 192x192");
        }

        if (png.Pixels().Select(p => (p.Color.R, p.Color.G, p.Color.B)).Distinct().Count() < 2)
        {
            problems.Add("color icon is a single flat colour");
        }

        return problems;
    }

    public static IReadOnlyList<string> OutlineIconProblems(Png png)
    {
        var problems = new List<string>();
        if (png.Width != 32 || png.Height != 32)
        {
            problems.Add($"outline icon is {png.Width}x{png.Height}, Teams needs 32x32");
        }

        var notWhite = png.Pixels().Count(p => p.Color.A > 0 && (p.Color.R, p.Color.G, p.Color.B) != (255, 255, 255));
        if (notWhite > 0)
        {
            problems.Add($"outline icon has {notWhite} visible pixels that are not white");
        }

        var corners = new[] { png[0, 0], png[png.Width - 1, 0], png[0, png.Height - 1], png[png.Width - 1, png.Height - 1] };
        if (corners.Any(c => c.A != 0))
        {
            problems.Add("outline icon background (corners) is not transparent");
        }

        if (!png.Pixels().Any(p => p.Color.A == 255))
        {
            problems.Add("outline icon has no opaque pixels: nothing would show");
        }

        return problems;
    }

    private sealed record CommandList(IReadOnlyList<string> Scopes, IReadOnlyList<(string Title, string Description)> Commands);

    private static List<CommandList> CommandLists(JsonNode manifest) =>
        (manifest["bots"]?[0]?["commandLists"]?.AsArray() ?? [])
            .Select(list => new CommandList(
                (list!["scopes"]?.AsArray() ?? []).Select(s => s!.GetValue<string>()).ToList(),
                (list["commands"]?.AsArray() ?? [])
                    .Select(c => (c!["title"]?.GetValue<string>() ?? "", c["description"]?.GetValue<string>() ?? ""))
                    .ToList()))
            .ToList();
}
