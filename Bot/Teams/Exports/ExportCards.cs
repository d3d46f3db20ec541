using System.Globalization;
using CooperationBot.Exports;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Exports;

/// <summary>Where the export went besides the download links: one line, whether it was saved there, and the channel folder.</summary>
internal sealed record ChannelNote(string Line, bool Saved, Uri? FolderUrl = null);

/// <summary>What the meeting channel is told: who exported which cycle when, and the saved files.</summary>
internal sealed record ChannelFilesPost(MaterialsCycle Cycle, string ExportedBy, DateTimeOffset ExportedAt, IReadOnlyList<SavedFile> Files, Uri? FolderUrl);

/// <summary>The export cards: choosing the cycle, the files with their download buttons, and the post in the meeting channel.</summary>
internal static class ExportCards
{
    public const string CycleInput = "cycleId";

    public static JObject Offer(Texts t, IReadOnlyList<MaterialsCycle> cycles, string? error = null)
    {
        var body = new List<JToken?>
        {
            Text(t["Export_OfferTitle"], size: "large", weight: "bolder"),
            Text(t["Export_OfferIntro"], subtle: true),
        };
        var data = new JObject();
        if (cycles.Count == 1)
        {
            body.Add(Text(t.Format("Export_OfferCycle", CycleName(t, cycles[0]))));
            data[CycleInput] = cycles[0].Id;
        }
        else
        {
            body.Add(new JObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = CycleInput,
                ["label"] = t["Export_ChooseCycle"],
                ["style"] = "compact",
                ["isRequired"] = true,
                ["value"] = cycles[0].Id,
                ["choices"] = new JArray(cycles.Select(c => new JObject
                {
                    ["title"] = c.IsCurrent ? t.Format("Export_CycleCurrent", CycleName(t, c)) : CycleName(t, c),
                    ["value"] = c.Id,
                })),
            });
        }

        if (error is not null)
        {
            body.Add(Error("exportError", error));
        }

        return Card(body, [Execute(t["Export_Create"], ExportVerbs.Create, data, style: "positive")]);
    }

    public static JObject Ready(Texts t, ExportOutcome.Ready ready, TimeZoneInfo zone, ChannelNote? channel = null)
    {
        var body = new List<JToken?> { Text(t.Format("Export_ReadyTitle", CycleName(t, ready.Cycle)), size: "large", weight: "bolder") };
        body.AddRange(ready.Files.Select(f => Text(t.Format("Export_ReadyFile", f.FileName, Size(f.Bytes)))));
        body.Add(Text(t.Format("Export_ReadyExpires", TimeFormat.Local(ready.Files.Min(f => f.Link.ExpiresAt), zone)), subtle: true));
        if (channel is not null)
        {
            body.Add(Text(channel.Line, color: channel.Saved ? "good" : "warning"));
        }

        var actions = ready.Files.Select(f => OpenUrl(t[f.Kind == ExportFileKind.Word ? "Export_DownloadWord" : "Export_DownloadExcel"], f.Link.Url)).ToList();
        if (channel?.FolderUrl is { } folder)
        {
            actions.Add(OpenUrl(t["Export_OpenChannelFolder"], folder));
        }

        return Card(body, actions);
    }

    /// <summary>The post in the meeting channel (in the committee's language): everyone there can open the saved files.</summary>
    public static JObject SavedToChannel(Texts t, ChannelFilesPost post, TimeZoneInfo zone)
    {
        var body = new List<JToken?>
        {
            Text(t.Format("Export_ChannelCardTitle", CycleName(t, post.Cycle)), size: "large", weight: "bolder"),
            Text(t.Format("Export_ChannelCardIntro", post.ExportedBy, TimeFormat.Local(post.ExportedAt, zone))),
        };
        body.AddRange(post.Files.Select(f => Text(f.FileName)));
        var actions = post.Files.Select(f => OpenUrl(t[f.Kind == ExportFileKind.Word ? "Export_OpenWord" : "Export_OpenExcel"], f.WebUrl)).ToList();
        if (post.FolderUrl is { } folder)
        {
            actions.Add(OpenUrl(t["Export_OpenChannelFolder"], folder));
        }

        return Card(body, actions);
    }

    /// <summary>A one-line notice above a card the user is looking at (shown to that user only).</summary>
    public static JObject WithNotice(JObject card, string notice)
    {
        ((JArray)card["body"]!).Insert(0, Text(notice, color: "accent", weight: "bolder"));
        return card;
    }

    private static JToken OpenUrl(string title, Uri url) => new JObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url.AbsoluteUri };

    private static string CycleName(Texts t, MaterialsCycle cycle) => t.Format("Cycle_Name", cycle.ReportingYear, cycle.PlanYear);

    private static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB");
}
