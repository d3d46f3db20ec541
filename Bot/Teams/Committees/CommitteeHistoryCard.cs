using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>Who changed what in the committee and when, old → new, newest first, a page at a time.</summary>
internal static class CommitteeHistoryCard
{
    private static readonly HashSet<string> KnownFields = typeof(CommitteeFields).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    /// <summary>Fields shown per change; an import may change hundreds at once.</summary>
    private const int FieldsShown = 10;

    /// <summary>Characters shown of an old or new value (a list of contacts, a directive's text).</summary>
    private const int ValueShown = 300;

    /// <summary>Teams refuses messages over about 40 KB: later entries move to the next page.</summary>
    private const int MaxBytes = 28 * 1024;

    public static JObject Build(Texts t, Committee c, HistoryPage page)
    {
        var body = new List<JToken?> { Title(t["CommitteeHistory_Title"]) };
        if (page.Changes.Count == 0)
        {
            body.Add(Text(t["CommitteeHistory_Empty"]));
        }

        var bytes = 0;
        CommitteeChange? lastShown = null;
        foreach (var change in page.Changes)
        {
            var items = new List<JToken?>
            {
                Text(t.Format("CommitteeHistory_Line", TimeFormat.Local(change.At, c.TimeZone), change.ByName, PartName(t, c, change.Part)), weight: "bolder"),
            };
            items.AddRange(change.Changes.Take(FieldsShown).Select(f => Change(t, c, f)));
            if (change.Changes.Count > FieldsShown)
            {
                items.Add(Text(t.Format("CommitteeHistory_MoreFields", change.Changes.Count - FieldsShown), subtle: true));
            }

            var entry = Container(items, "emphasis");
            bytes += System.Text.Encoding.UTF8.GetByteCount(entry.ToString(Newtonsoft.Json.Formatting.None));
            if (bytes > MaxBytes && lastShown is not null)
            {
                break;
            }

            body.Add(entry);
            lastShown = change;
        }

        var actions = new List<JToken>();
        if (lastShown is not null && (page.HasOlder || lastShown != page.Changes[^1]))
        {
            actions.Add(Execute(t["CommitteeHistory_Older"], CommitteeVerbs.History, new JObject { ["before"] = lastShown.Id }));
        }

        actions.Add(Back(t));
        return Card(body, actions);
    }

    /// <summary>"大连化物所 · 简称（中文）：大连化物所 → 大化所", as plain text.</summary>
    public static string Describe(Texts t, Committee c, FieldChange f) =>
        $"{Label(t, c, f)}{t["CommitteeHistory_Colon"]}{Value(f.Old)} → {Value(f.New)}";

    private static string Value(string value) => value.Length == 0 ? "—" : value.Length > ValueShown ? value[..ValueShown] + "…" : value;

    private static string Label(Texts t, Committee c, FieldChange f)
    {
        var field = KnownFields.Contains(f.Field) ? t["CommitteeField_" + f.Field] : f.Field;
        return f.Subject is { } unitId ? $"{c.FindAnyUnit(unitId)?.ShortName.For(t.Culture) ?? unitId} · {field}" : field;
    }

    private static JObject Change(Texts t, Committee c, FieldChange f)
    {
        var label = Label(t, c, f);
        return new JObject
        {
            ["type"] = "RichTextBlock",
            ["inlines"] = new JArray(
                new JObject { ["type"] = "TextRun", ["text"] = label + t["CommitteeHistory_Colon"], ["weight"] = "bolder" },
                new JObject { ["type"] = "TextRun", ["text"] = Value(f.Old) },
                new JObject { ["type"] = "TextRun", ["text"] = " → " },
                new JObject { ["type"] = "TextRun", ["text"] = Value(f.New) }),
        };
    }

    private static string PartName(Texts t, Committee c, string part) => part switch
    {
        CommitteeParts.Meeting => t["Committee_Part_Meeting"],
        CommitteeParts.Dates => t["Committee_Part_Dates"],
        CommitteeParts.Organisers => t["CommitteeHistory_Organisers"],
        CommitteeParts.Units => t["CommitteeHistory_Units"],
        CommitteeParts.Schedule => t["Committee_Part_Schedule"],
        CommitteeParts.Directives => t["CommitteeHistory_Directives"],
        CommitteeParts.NewCycle => t["CommitteeHistory_NewCycle"],
        _ when part.StartsWith("unit:", StringComparison.Ordinal) => t.Format("CommitteeHistory_Unit", c.FindAnyUnit(part[5..])?.ShortName.For(t.Culture) ?? part[5..]),
        _ => part,
    };
}
