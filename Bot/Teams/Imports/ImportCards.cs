using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Imports;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Imports;

/// <summary>
/// The import cards: the preview (changes and every problem with its sheet, row and column), and what
/// Confirm or Cancel did. Names and values from the workbook are shown verbatim (TextRuns).
/// </summary>
internal static class ImportCards
{
    // A committee of 500 new units must still fit one Teams message.
    private const int LinesPerSection = 25;
    private const int ProblemsShown = 40;

    public static JObject Preview(Texts t, ImportOutcome.Preview preview, string? banner = null)
    {
        var (plan, diff) = (preview.Plan, preview.Plan.Diff);
        var body = new List<JToken?>
        {
            Text(t.Format("Import_PreviewTitle", preview.FileName), size: "large", weight: "bolder"),
            banner is null ? null : Text(banner, color: "warning", weight: "bolder"),
        };
        if (plan.Problems.Count > 0)
        {
            body.Add(Text(t.Format("Import_HasProblems", plan.Problems.Count), color: "attention", weight: "bolder"));
            body.AddRange(plan.Problems.Take(ProblemsShown).Select(p => Literal("• " + Describe(t, p))));
            if (plan.Problems.Count > ProblemsShown)
            {
                body.Add(Text(t.Format("Import_MoreProblems", plan.Problems.Count - ProblemsShown), subtle: true));
            }

            return Card(body);
        }

        if (diff.IsEmpty)
        {
            body.Add(Text(t["Import_NoChanges"], color: "good"));
            return Card(body);
        }

        body.Add(Text(Summary(t, diff)));
        body.AddRange(Changes(t, diff));
        body.Add(Text(t["Import_ConfirmHint"], subtle: true));
        var data = new JObject { ["importId"] = preview.ImportId };
        return Card(body, [Execute(t["Import_Confirm"], ImportVerbs.Confirm, data, style: "positive"), Execute(t["Import_Cancel"], ImportVerbs.Cancel, (JObject)data.DeepClone())]);
    }

    public static JObject Applied(Texts t, string fileName, ImportDiff diff) =>
        Card([Text(t.Format("Import_Applied", fileName, Summary(t, diff)), color: "good", weight: "bolder"), .. Changes(t, diff)]);

    public static JObject Note(string text) => Card([Text(text)]);

    /// <summary>"“单位”第3行 B列（简称（中文） / Short name (Chinese)）：必填，不能为空。"</summary>
    public static string Describe(Texts t, ImportProblem p)
    {
        var where = p switch
        {
            { Sheet: { } sheet, Row: { } row, Column: { } column } => t.Format("Import_At", sheet, row, column, p.Header),
            { Sheet: { } sheet, Row: { } row } => t.Format("Import_AtRow", sheet, row),
            { Sheet: { } sheet } => t.Format("Import_AtSheet", sheet),
            _ => string.Empty,
        };
        var limit = p.Kind switch
        {
            ImportProblemKind.TooLarge => "10 MB",
            ImportProblemKind.TooManyUnits => ImportPlanner.MaxUnits.ToString(CultureInfo.InvariantCulture),
            ImportProblemKind.InvalidId => CommitteeLimits.MaxIdLength.ToString(CultureInfo.InvariantCulture),
            _ => string.Empty,
        };
        return where + t.Format("Import_Problem_" + p.Kind, p.Value, p.OtherRow, limit);
    }

    private static string Summary(Texts t, ImportDiff d) => t.Format(
        "Import_Summary", d.Added.Count, d.Reinstated.Count, d.Renamed.Count, d.Retired.Count, d.ContactsAdded.Count, d.ContactsRemoved.Count, d.ContactsRenamed.Count);

    private static IEnumerable<JToken> Changes(Texts t, ImportDiff d)
    {
        string Name(Unit u) => u.ShortName.For(t.Culture);
        var units = d.Added.Select(u => t.Format("Import_Added", Name(u), u.FullName.For(t.Culture)))
            .Concat(d.Reinstated.Select(u => t.Format("Import_Reinstated", Name(u))))
            .Concat(d.Renamed.Select(r => t.Format("Import_Renamed", Name(r.Unit), t["CommitteeField_" + r.Field], r.Old, r.New)))
            .Concat(d.Retired.Select(u => t.Format("Import_Retired", Name(u))))
            .Concat(d.Reordered ? [t["Import_Reordered"]] : [])
            .ToList();
        var contacts = d.ContactsAdded.Select(c => t.Format("Import_ContactAdded", Name(c.Unit), c.Person.Name, c.Person.Upn ?? c.Person.AadObjectId))
            .Concat(d.ContactsRemoved.Select(c => t.Format("Import_ContactRemoved", Name(c.Unit), c.Person.Name)))
            .Concat(d.ContactsRenamed.Select(c => t.Format("Import_ContactRenamed", Name(c.Unit), c.OldName, c.Person.Name)))
            .ToList();
        foreach (var (title, lines) in new[] { (t["Import_SectionUnits"], units), (t["Import_SectionContacts"], contacts) }.Where(s => s.Item2.Count > 0))
        {
            yield return Text(title, weight: "bolder");
            foreach (var line in lines.Take(LinesPerSection))
            {
                yield return Literal("• " + line);
            }

            if (lines.Count > LinesPerSection)
            {
                yield return Text(t.Format("Import_MoreLines", lines.Count - LinesPerSection), subtle: true);
            }
        }
    }
}
