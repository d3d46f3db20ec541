using System.Text;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Digests;

/// <summary>
/// The digest as Adaptive Cards. Normally one card; a committee too large for one Teams message is
/// summarised first (no show-cards, shorter headlines, then fewer headlines) and the list of units
/// still missing, which is never dropped, continues in further cards.
/// </summary>
internal static class DigestCards
{
    /// <summary>Teams refuses messages over about 40 KB; keep a margin for the activity envelope.</summary>
    public const int MaxCardBytes = 36 * 1024;

    private const int CompactHeadlineLength = 60;
    private const int CompactBlockedItems = 10;
    private const int CompactNames = 20;
    private const int MissingPerCard = 50;

    /// <param name="offerReach">Adds the "reach everyone" button (when the bot can reach people through Graph).</param>
    public static IReadOnlyList<JObject> Build(Texts t, Digest digest, string digestId, bool offerReach = false)
    {
        foreach (var detail in new[] { Detail.Full, Detail.Compact })
        {
            foreach (var headlines in HeadlineCounts(digest.Units.Count))
            {
                var cards = Compose(t, digest, digestId, detail, headlines, offerReach);
                if (cards.All(c => Bytes(c) <= MaxCardBytes))
                {
                    return cards;
                }
            }
        }

        throw new InvalidOperationException("The digest does not fit in Teams messages even when summarised.");
    }

    public static int Bytes(JObject card) => Encoding.UTF8.GetByteCount(card.ToString(Formatting.None));

    private enum Detail
    {
        Full,
        Compact,
    }

    private static IEnumerable<int> HeadlineCounts(int units)
    {
        for (var n = units; n > 0; n /= 2)
        {
            yield return n;
        }

        yield return 0;
    }

    private static List<JObject> Compose(Texts t, Digest digest, string digestId, Detail detail, int headlineUnits, bool offerReach)
    {
        var c = digest.Committee;
        var missing = digest.Missing;
        var firstMissing = missing.Take(MissingPerCard).ToList();
        var mentions = new JArray();
        var body = new List<JToken?>
        {
            Text(t.Format("Digest_Title", c.Meeting.Title.For(t.Culture)), size: "large", weight: "bolder"),
            Text(t.Format("Digest_AsOf", TimeFormat.LocalPrecise(digest.At, c.TimeZone), c.SubmissionDeadline.ToString("yyyy-MM-dd", t.Culture)), subtle: true),
            Text(t.Format("Digest_Progress", digest.Submitted, digest.Units.Count, digest.Drafts, digest.NotStarted), weight: "bolder"),
            FollowUpLine(t, digest, detail),
            Text(t.Format("Digest_Missing", missing.Count), weight: "bolder", size: "medium"),
        };
        body.AddRange(missing.Count == 0 ? [Text(t["Digest_MissingNone"], color: "good")] : firstMissing.Select(u => MissingLine(t, u, mentions)));
        body.AddRange(Headlines(t, digest, detail, headlineUnits));
        body.AddRange(Directives(t, digest, detail));
        body.AddRange(Changes(t, digest, detail));
        if (digest.UnreachableOrganisers.Count > 0)
        {
            body.Add(Text(t.Format("Digest_Unreachable", t.List(digest.UnreachableOrganisers)), color: "warning"));
        }

        var main = Card(body, [
            Execute(t["Digest_Refresh"], Verbs.DigestRefresh, new JObject { ["digestId"] = digestId }),
            .. offerReach ? [Reach.ReachCards.Button(t, new JObject { ["digestId"] = digestId })] : Array.Empty<JObject>(),
            Execute(t["Export_Button"], ExportVerbs.FromDigest, new JObject { ["digestId"] = digestId }),
        ]);
        WithMentions(main, mentions);

        var rest = missing.Skip(MissingPerCard).Chunk(MissingPerCard).ToList();
        var cards = new List<JObject> { main };
        for (var i = 0; i < rest.Count; i++)
        {
            var partMentions = new JArray();
            var part = Card([
                Text(t.Format("Digest_Continued", i + 2, rest.Count + 1), weight: "bolder"),
                Text(t["Digest_MissingContinued"], weight: "bolder", size: "medium"),
                .. rest[i].Select(u => MissingLine(t, u, partMentions)),
            ]);
            cards.Add(WithMentions(part, partMentions));
        }

        return cards;
    }

    /// <summary>"Last year's priorities done: DICP 2/3, IMR 1/2": how each submitted unit did on what it announced last cycle.</summary>
    private static JObject? FollowUpLine(Texts t, Digest digest, Detail detail) => digest.FollowUps.Count == 0
        ? null
        : Text(t.Format(
            "Digest_FollowUps",
            digest.Committee.PreviousCycle?.PlanYear ?? digest.Committee.ReportingYear,
            Names(t, digest.FollowUps.Select(f => t.Format("Digest_FollowUpItem", Plain(f.Unit.ShortName.For(t.Culture)), f.Done, f.Total)).ToList(), detail)));

    /// <summary>"大连化物所 — @张三 @李四": the unit and its contacts, @mentioned so Teams notifies them.</summary>
    private static JObject MissingLine(Texts t, Unit unit, JArray mentions)
    {
        var line = new StringBuilder("• ").Append(Plain(unit.ShortName.For(t.Culture))).Append(" — ");
        if (unit.Contacts.Count == 0)
        {
            line.Append(t["Digest_NoContact"]);
        }

        foreach (var contact in unit.Contacts)
        {
            var id = contact.AadObjectId ?? contact.Upn!;
            var tag = $"<at>{Plain(contact.Name)}</at>";
            line.Append(tag).Append(' ');
            mentions.Add(new JObject
            {
                ["type"] = "mention",
                ["text"] = tag,
                ["mentioned"] = new JObject { ["id"] = id, ["name"] = contact.Name },
            });
        }

        return MentionLine(line.ToString().TrimEnd());
    }

    private static IEnumerable<JToken> Headlines(Texts t, Digest digest, Detail detail, int headlineUnits)
    {
        var submitted = digest.Units.Where(u => u.Latest is not null).ToList();
        if (submitted.Count == 0)
        {
            yield break;
        }

        yield return Text(t["Digest_Headlines"], weight: "bolder", size: "medium");
        foreach (var unit in submitted.Take(headlineUnits))
        {
            var content = unit.Latest!.Content;
            var items = new List<JToken>
            {
                Literal(unit.Unit.ShortName.For(t.Culture), bold: true),
                Labelled(t["Digest_HeadlineAchievement"], Shorten(content.Achievements.FirstOrDefault(), detail)),
                Labelled(t["Digest_HeadlinePriority"], Shorten(content.Priorities.FirstOrDefault(), detail)),
            };
            var more = content.Achievements.Skip(1).Concat(content.Priorities.Skip(1)).ToList();
            if (detail == Detail.Full && more.Count > 0)
            {
                var showCard = Card(Bullets(more));
                showCard.Remove("$schema");
                items.Add(new JObject
                {
                    ["type"] = "ActionSet",
                    ["actions"] = new JArray(new JObject { ["type"] = "Action.ShowCard", ["title"] = t.Format("Digest_More", more.Count), ["card"] = showCard }),
                });
            }

            yield return Container(items);
        }

        if (submitted.Count > headlineUnits)
        {
            yield return Text(t.Format("Digest_HeadlinesOmitted", submitted.Count - headlineUnits), subtle: true);
        }
    }

    private static IEnumerable<JToken> Directives(Texts t, Digest digest, Detail detail)
    {
        if (digest.Directives.Count == 0)
        {
            yield break;
        }

        var c = digest.Committee;
        yield return Text(t["Digest_Directives"], weight: "bolder", size: "medium");
        var number = 0;
        foreach (var directive in digest.Directives)
        {
            number++;
            var count = (DirectiveStatus s) => directive.Cells.Count(x => x.Status == s);
            var items = new List<JToken?>
            {
                Text(t.Format("Digest_DirectiveTitle", number, Shorten(directive.Text.For(t.Culture), Detail.Compact)), weight: "bolder"),
                Text(t.Format("Digest_DirectiveCounts", count(DirectiveStatus.Done), count(DirectiveStatus.InProgress), count(DirectiveStatus.Blocked), count(DirectiveStatus.NotStarted))
                    + (directive.DueDate is { } due ? " · " + t.Format("Digest_DirectiveDue", due.ToString("yyyy-MM-dd", t.Culture)) : string.Empty)),
            };
            if (detail == Detail.Full)
            {
                items.AddRange(Enum.GetValues<DirectiveStatus>()
                    .Select(s => (Status: s, Units: directive.Cells.Where(x => x.Status == s).Select(x => UnitName(t, c, x.UnitId)).ToList()))
                    .Where(g => g.Units.Count > 0)
                    .Select(g => Text($"{StatusWord(t, g.Status)}: {t.List(g.Units)}", subtle: g.Status == DirectiveStatus.NotStarted)));
            }

            var overdue = directive.Cells.Where(x => x.Overdue).Select(x => UnitName(t, c, x.UnitId)).ToList();
            if (overdue.Count > 0)
            {
                items.Add(Text(t.Format("Digest_Overdue", Names(t, overdue, detail)), color: "attention"));
            }

            yield return Container(items);
        }

        var blocked = digest.Directives.Select((d, i) => (Number: i + 1, Directive: d))
            .SelectMany(x => x.Directive.Cells.Where(cell => cell.Status == DirectiveStatus.Blocked).Select(cell => (x.Number, Cell: cell)))
            .ToList();
        if (blocked.Count > 0)
        {
            yield return Text(t["Digest_Blocked"], weight: "bolder", color: "attention");
            var shown = detail == Detail.Full ? blocked.Count : Math.Min(blocked.Count, CompactBlockedItems);
            foreach (var (n, cell) in blocked.Take(shown))
            {
                var runs = new JArray(
                    new JObject { ["type"] = "TextRun", ["text"] = t.Format("Digest_BlockedItem", UnitName(t, c, cell.UnitId), n), ["weight"] = "bolder" },
                    new JObject { ["type"] = "TextRun", ["text"] = Shorten(cell.Note, detail) });
                if (!string.IsNullOrWhiteSpace(cell.Needs))
                {
                    runs.Add(new JObject { ["type"] = "TextRun", ["text"] = t["Digest_BlockedNeeds"] + Shorten(cell.Needs, detail) });
                }

                yield return new JObject { ["type"] = "RichTextBlock", ["inlines"] = runs };
            }

            if (blocked.Count > shown)
            {
                yield return Text(t.Format("Digest_BlockedMore", blocked.Count - shown), subtle: true);
            }
        }
    }

    private static IEnumerable<JToken> Changes(Texts t, Digest digest, Detail detail)
    {
        var changes = digest.Changes;
        var c = digest.Committee;
        yield return Text(
            changes.Since is { } since ? t.Format("Digest_Changes", TimeFormat.Local(since, c.TimeZone)) : t["Digest_ChangesFirst"],
            weight: "bolder", size: "medium");
        var lines = new List<string>();
        if (changes.NewSubmissions.Count > 0)
        {
            lines.Add(t.Format("Digest_NewSubmissions", Names(t, changes.NewSubmissions.Select(u => u.ShortName.For(t.Culture)).ToList(), detail)));
        }

        if (changes.Edited.Count > 0)
        {
            lines.Add(t.Format("Digest_Edited", Names(t, changes.Edited.Select(u => u.ShortName.For(t.Culture)).ToList(), detail)));
        }

        var numbers = digest.Directives.Select((d, i) => (d.DirectiveId, Number: i + 1)).ToDictionary(x => x.DirectiveId, x => x.Number);
        lines.AddRange(detail == Detail.Full
            ? changes.StatusChanges.Select(s => t.Format(
                "Digest_StatusChanged",
                s.Unit.ShortName.For(t.Culture),
                numbers.GetValueOrDefault(s.DirectiveId),
                s.From is { } from ? StatusWord(t, from) : "—",
                StatusWord(t, s.To)))
            : changes.StatusChanges.GroupBy(s => (s.DirectiveId, s.To)).Select(g => t.Format(
                "Digest_StatusChangedCount", numbers.GetValueOrDefault(g.Key.DirectiveId), g.Count(), StatusWord(t, g.Key.To))));
        if (lines.Count == 0)
        {
            lines.Add(t["Digest_NoChanges"]);
        }

        foreach (var line in lines)
        {
            yield return Text(line);
        }
    }

    public static string StatusWord(Texts t, DirectiveStatus status) => t["Status_" + status];

    /// <summary>A list of unit names; a summarised digest names the first few and counts the rest.</summary>
    private static string Names(Texts t, IReadOnlyList<string> names, Detail detail) =>
        detail == Detail.Compact && names.Count > CompactNames
            ? t.Format("Digest_AndMore", t.List(names.Take(CompactNames)), names.Count)
            : t.List(names);

    private static JObject Labelled(string label, string value) => new()
    {
        ["type"] = "RichTextBlock",
        ["inlines"] = new JArray(
            new JObject { ["type"] = "TextRun", ["text"] = label, ["isSubtle"] = true },
            new JObject { ["type"] = "TextRun", ["text"] = value }),
    };

    private static string UnitName(Texts t, Committee c, string unitId) => c.FindUnit(unitId)?.ShortName.For(t.Culture) ?? unitId;

    private static string Shorten(string? text, Detail detail)
    {
        var value = text ?? string.Empty;
        return detail == Detail.Compact && value.Length > CompactHeadlineLength ? value[..CompactHeadlineLength] + "…" : value;
    }

    /// <summary>Names in the @mention line (a markdown TextBlock): stripped of what could format, link or inject.</summary>
    private static string Plain(string text) => PeopleText.Name(text);

    private static JObject WithMentions(JObject card, JArray mentions)
    {
        if (mentions.Count > 0)
        {
            card["msteams"] = new JObject { ["entities"] = mentions, ["width"] = "Full" };
        }
        else
        {
            card["msteams"] = new JObject { ["width"] = "Full" };
        }

        return card;
    }
}
