using System.Globalization;
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
/// The digest as Adaptive Cards: at most <see cref="MaxPosts"/> posts whatever the committee's size,
/// each under Teams' message limit. The first opens with the charts, then the units still missing (their
/// contacts @mentioned), headlines, directives and what changed; further posts continue the missing
/// list as far as it fits, and any units left are counted with a pointer to the overview and the
/// export, where the full per-unit detail lives. Every piece is capped, so building it costs the same
/// for 200 units or 10,000. Text that units typed goes into TextRuns only, so it shows verbatim.
/// </summary>
internal static class DigestCards
{
    /// <summary>Teams refuses messages over about 40 KB; keep a margin for the activity envelope.</summary>
    public const int MaxCardBytes = 36 * 1024;

    public const int MaxPosts = 3;

    /// <summary>Room kept in the last post for the "and n more units" line.</summary>
    private const int NoteReserve = 1024;

    private const int MissingInFirstPost = 30;
    private const int CompactHeadlineLength = 60;
    private const int BlockedItems = 10;
    private const int ListedNames = 20;
    private const int ListedStatusChanges = 10;

    private static readonly (Detail Detail, int Headlines)[] Attempts =
    [
        (Detail.Full, 20), (Detail.Full, 10), (Detail.Full, 5),
        (Detail.Compact, 20), (Detail.Compact, 10), (Detail.Compact, 5), (Detail.Compact, 0),
    ];

    private enum Detail
    {
        Full,
        Compact,
    }

    /// <param name="mention">Whether missing units' contacts are @mentioned: in the channel, yes; in a copy only organisers see, no one is notified.</param>
    /// <param name="offerReach">Adds the "reach everyone" button (when the bot can reach people through Graph).</param>
    public static IReadOnlyList<JObject> Build(Texts t, Digest digest, string digestId, bool mention = true, bool offerReach = false)
    {
        var missing = new MissingLines(t, digest.Missing, mention);
        var listed = 0;
        JObject? first = null;
        foreach (var (detail, headlines) in Attempts)
        {
            var (card, fitted) = First(t, digest, digestId, detail, headlines, missing, offerReach);
            if (Bytes(card) <= MaxCardBytes)
            {
                (first, listed) = (card, fitted);
                break;
            }
        }

        if (first is null)
        {
            throw new InvalidOperationException("The digest does not fit in a Teams message even when summarised.");
        }

        var cards = new List<JObject> { first };
        while (listed < missing.Count && cards.Count < MaxPosts)
        {
            var part = Card([Text(t["Digest_MissingContinued"], weight: "bolder", size: "medium")]);
            var fitted = Fill(part, (JArray)part["body"]!, missing, listed, int.MaxValue, MaxCardBytes - NoteReserve);
            if (fitted == 0)
            {
                break;
            }

            cards.Add(part);
            listed += fitted;
        }

        if (listed < missing.Count)
        {
            ((JArray)cards[^1]["body"]!).Add(Text(t.Format("Digest_MissingNotListed", missing.Count - listed), weight: "bolder"));
        }

        for (var i = 1; i < cards.Count; i++)
        {
            ((JArray)cards[i]["body"]!).Insert(0, Text(t.Format("Digest_Continued", i + 1, cards.Count), subtle: true));
        }

        return cards;
    }

    public static int Bytes(JObject card) => Encoding.UTF8.GetByteCount(card.ToString(Formatting.None));

    /// <summary>The first post: everything but the missing units beyond those that fit in it.</summary>
    private static (JObject Card, int Listed) First(Texts t, Digest digest, string digestId, Detail detail, int headlines, MissingLines missing, bool offerReach)
    {
        var c = digest.Committee;
        var body = new List<JToken?>
        {
            Text(t.Format("Digest_Title", c.Meeting.Title.For(t.Culture)), size: "large", weight: "bolder"),
            Text(t.Format("Digest_AsOf", TimeFormat.LocalPrecise(digest.At, c.TimeZone), c.SubmissionDeadline.ToString("yyyy-MM-dd", t.Culture)), subtle: true),
            StatusCharts.ReportingDonut(t, digest.Reporting),
            Text(t.Format("Digest_Progress", digest.Submitted, digest.Units.Count, digest.Drafts, digest.NotStarted), weight: "bolder"),
            FollowUpChart(t, digest, detail),
            FollowUpLine(t, digest, detail),
            Text(t.Format("Digest_Missing", missing.Count), weight: "bolder", size: "medium"),
        };
        var missingAt = body.Count(e => e is not null);
        if (missing.Count == 0)
        {
            body.Add(Text(t["Digest_MissingNone"], color: "good"));
        }

        body.AddRange(Headlines(t, digest, detail, headlines));
        body.AddRange(Directives(t, digest, detail));
        body.AddRange(Changes(t, digest, detail));
        if (digest.UnreachableOrganisers.Count > 0)
        {
            body.Add(Text(t.Format("Digest_Unreachable", t.List(digest.UnreachableOrganisers)), color: "warning"));
        }

        body.Add(Text(t["Digest_DetailPointer"], subtle: true));
        var card = Card(body, [
            Execute(t["Digest_Refresh"], Verbs.DigestRefresh, new JObject { ["digestId"] = digestId }),
            .. offerReach ? [Reach.ReachCards.Button(t, new JObject { ["digestId"] = digestId })] : Array.Empty<JObject>(),
            Execute(t["Export_Button"], ExportVerbs.FromDigest, new JObject { ["digestId"] = digestId }),
        ]);
        var fitted = Fill(card, (JArray)card["body"]!, missing, 0, MissingInFirstPost, MaxCardBytes - NoteReserve, missingAt);
        return (card, fitted);
    }

    /// <summary>A missing unit's line and the mention entities that make Teams notify its contacts.</summary>
    private sealed record MissingUnit(JObject Line, IReadOnlyList<JObject> Mentions)
    {
        public int Bytes { get; } = Encoding.UTF8.GetByteCount(Line.ToString(Formatting.None)) + Mentions.Sum(m => Encoding.UTF8.GetByteCount(m.ToString(Formatting.None)) + 1) + 1;
    }

    /// <summary>The missing units' lines, each built the first time a post has room for it (never all 10,000).</summary>
    private sealed class MissingLines(Texts t, IReadOnlyList<Unit> units, bool mention)
    {
        private readonly MissingUnit?[] lines = new MissingUnit?[units.Count];

        public int Count => units.Count;

        public MissingUnit this[int index] => lines[index] ??= MissingLine(t, units[index], mention);
    }

    /// <summary>Adds missing units from <paramref name="from"/> while the card stays within <paramref name="budget"/>; returns how many.</summary>
    private static int Fill(JObject card, JArray body, MissingLines missing, int from, int max, int budget, int? at = null)
    {
        var size = Bytes(card) + 64;
        var taken = new List<MissingUnit>();
        for (var i = from; i < missing.Count && taken.Count < max && size + missing[i].Bytes <= budget; i++)
        {
            taken.Add(missing[i]);
            size += missing[i].Bytes;
        }

        var index = at ?? body.Count;
        foreach (var unit in taken)
        {
            body.Insert(index++, unit.Line.DeepClone());
        }

        var msteams = new JObject { ["width"] = "Full" };
        var mentions = taken.SelectMany(u => u.Mentions).Select(m => m.DeepClone()).ToList();
        if (mentions.Count > 0)
        {
            msteams["entities"] = new JArray(mentions);
        }

        card["msteams"] = msteams;
        return taken.Count;
    }

    /// <summary>Last cycle's priorities done per unit as bars (the first <see cref="ListedNames"/> units; the line below counts them all).</summary>
    private static JObject? FollowUpChart(Texts t, Digest digest, Detail detail) => digest.FollowUps.Count == 0 || detail != Detail.Full
        ? null
        : StatusCharts.FollowUpBars(
            t,
            t.Format("Chart_FollowUpsTitle", digest.Committee.PreviousCycle?.PlanYear ?? digest.Committee.ReportingYear),
            digest.FollowUps.Take(ListedNames).Select(f => (f.Unit.ShortName.For(t.Culture), f.Done, f.Total)).ToList());

    /// <summary>"Last year's priorities done: DICP 2/3, IMR 1/2": how each submitted unit did on what it announced last cycle.</summary>
    private static JObject? FollowUpLine(Texts t, Digest digest, Detail detail) => digest.FollowUps.Count == 0
        ? null
        : Text(t.Format(
            "Digest_FollowUps",
            digest.Committee.PreviousCycle?.PlanYear ?? digest.Committee.ReportingYear,
            Names(t, digest.FollowUps.Take(ListedNames + 1).Select(f => t.Format("Digest_FollowUpItem", f.Unit.ShortName.For(t.Culture), f.Done, f.Total)).ToList(), digest.FollowUps.Count)));

    /// <summary>"大连化物所 — @张三 @李四": the unit and its contacts, @mentioned so Teams notifies them.</summary>
    private static MissingUnit MissingLine(Texts t, Unit unit, bool mention)
    {
        var line = new StringBuilder("• ").Append(Plain(unit.ShortName.For(t.Culture))).Append(" — ");
        if (unit.Contacts.Count == 0)
        {
            line.Append(t["Digest_NoContact"]);
        }

        var mentions = new List<JObject>();
        foreach (var contact in unit.Contacts)
        {
            if (!mention)
            {
                line.Append(Plain(contact.Name)).Append(' ');
                continue;
            }

            var tag = $"<at>{Plain(contact.Name)}</at>";
            line.Append(tag).Append(' ');
            mentions.Add(new JObject
            {
                ["type"] = "mention",
                ["text"] = tag,
                ["mentioned"] = new JObject { ["id"] = contact.AadObjectId ?? contact.Upn!, ["name"] = contact.Name },
            });
        }

        return new MissingUnit(MentionLine(line.ToString().TrimEnd()), mentions);
    }

    private static IEnumerable<JToken> Headlines(Texts t, Digest digest, Detail detail, int headlineUnits)
    {
        var submitted = digest.Units.Where(u => u.Latest is not null).Take(headlineUnits + 1).ToList();
        if (submitted.Count == 0 || headlineUnits == 0)
        {
            if (digest.Submitted > 0)
            {
                yield return Text(t.Format("Digest_HeadlinesOmitted", digest.Submitted), subtle: true);
            }

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

        if (digest.Submitted > headlineUnits)
        {
            yield return Text(t.Format("Digest_HeadlinesOmitted", digest.Submitted - headlineUnits), subtle: true);
        }
    }

    private static IEnumerable<JToken> Directives(Texts t, Digest digest, Detail detail)
    {
        if (digest.Directives.Count == 0)
        {
            yield break;
        }

        yield return Text(t["Digest_Directives"], weight: "bolder", size: "medium");
        yield return StatusCharts.DirectiveBars(t, t["Chart_DirectivesTitle"], DirectiveBars(t, digest.Directives));
        var number = 0;
        foreach (var directive in digest.Directives)
        {
            number++;
            var counts = directive.Counts;
            var items = new List<JToken?>
            {
                Text(t.Format("Digest_DirectiveTitle", number, Shorten(directive.Text.For(t.Culture), Detail.Compact)), weight: "bolder"),
                Text(t.Format("Digest_DirectiveCounts", counts.Done, counts.InProgress, counts.Blocked, counts.NotStarted)
                    + (directive.DueDate is { } due ? " · " + t.Format("Digest_DirectiveDue", due.ToString("yyyy-MM-dd", t.Culture)) : string.Empty)),
            };
            if (detail == Detail.Full)
            {
                items.AddRange(StatusCharts.DirectiveOrder.Reverse()
                    .Where(s => counts[s] > 0)
                    .Select(s => Text(
                        t.Format("Digest_StatusUnits", StatusWord(t, s), Names(t, directive.Cells.Where(x => x.Status == s).Take(ListedNames + 1).Select(x => UnitName(t, digest, x.UnitId)).ToList(), counts[s])),
                        subtle: s == DirectiveStatus.NotStarted)));
            }

            if (counts.Overdue > 0)
            {
                var overdue = directive.Cells.Where(x => x.Overdue).Take(ListedNames + 1).Select(x => UnitName(t, digest, x.UnitId)).ToList();
                items.Add(Text(t.Format("Digest_Overdue", Names(t, overdue, counts.Overdue)), color: "attention"));
            }

            yield return Container(items);
        }

        var blockedCount = digest.Directives.Sum(d => d.Counts.Blocked);
        if (blockedCount > 0)
        {
            var blocked = digest.Directives.Select((d, i) => (Number: i + 1, Directive: d))
                .SelectMany(x => x.Directive.Cells.Where(cell => cell.Status == DirectiveStatus.Blocked).Select(cell => (x.Number, Cell: cell)))
                .Take(BlockedItems)
                .ToList();
            yield return Text(t["Digest_Blocked"], weight: "bolder", color: "attention");
            foreach (var (n, cell) in blocked)
            {
                var runs = new JArray(
                    new JObject { ["type"] = "TextRun", ["text"] = t.Format("Digest_BlockedItem", UnitName(t, digest, cell.UnitId), n), ["weight"] = "bolder" },
                    new JObject { ["type"] = "TextRun", ["text"] = Shorten(cell.Note, detail) });
                if (!string.IsNullOrWhiteSpace(cell.Needs))
                {
                    runs.Add(new JObject { ["type"] = "TextRun", ["text"] = t["Digest_BlockedNeeds"] + Shorten(cell.Needs, detail) });
                }

                yield return new JObject { ["type"] = "RichTextBlock", ["inlines"] = runs };
            }

            if (blockedCount > blocked.Count)
            {
                yield return Text(t.Format("Digest_BlockedMore", blockedCount - blocked.Count), subtle: true);
            }
        }
    }

    /// <summary>The stacked bar of each directive, labelled "任务n" as everywhere else.</summary>
    public static IReadOnlyList<StatusBar> DirectiveBars(Texts t, IReadOnlyList<DirectiveProgress> directives) =>
        directives.Select((d, i) => new StatusBar(t.Format("Chart_DirectiveRow", i + 1), d.Counts)).ToList();

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
            lines.Add(t.Format("Digest_NewSubmissions", Names(t, changes.NewSubmissions.Take(ListedNames + 1).Select(u => u.ShortName.For(t.Culture)).ToList(), changes.NewSubmissions.Count)));
        }

        if (changes.Edited.Count > 0)
        {
            lines.Add(t.Format("Digest_Edited", Names(t, changes.Edited.Take(ListedNames + 1).Select(u => u.ShortName.For(t.Culture)).ToList(), changes.Edited.Count)));
        }

        var numbers = digest.Directives.Select((d, i) => (d.DirectiveId, Number: i + 1)).ToDictionary(x => x.DirectiveId, x => x.Number);
        lines.AddRange(detail == Detail.Full && changes.StatusChanges.Count <= ListedStatusChanges
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

    public static string StatusWord(Texts t, DirectiveStatus status) => StatusCharts.DirectiveWord(t, status);

    /// <summary>Up to <see cref="ListedNames"/> names; past that, the first ones and the total.</summary>
    private static string Names(Texts t, IReadOnlyList<string> names, int total) =>
        total > ListedNames
            ? t.Format("Digest_AndMore", t.List(names.Take(ListedNames)), total)
            : t.List(names);

    private static JObject Labelled(string label, string value) => new()
    {
        ["type"] = "RichTextBlock",
        ["inlines"] = new JArray(
            new JObject { ["type"] = "TextRun", ["text"] = label, ["isSubtle"] = true },
            new JObject { ["type"] = "TextRun", ["text"] = value }),
    };

    private static string UnitName(Texts t, Digest digest, string unitId) => digest.FindUnit(unitId)?.ShortName.For(t.Culture) ?? unitId;

    /// <summary>A summarised digest shows the start of long text, cut between whole characters (never inside a surrogate pair or emoji).</summary>
    private static string Shorten(string? text, Detail detail)
    {
        var value = text ?? string.Empty;
        if (detail == Detail.Full || value.Length <= CompactHeadlineLength)
        {
            return value;
        }

        var info = new StringInfo(value);
        return info.LengthInTextElements <= CompactHeadlineLength ? value : info.SubstringByTextElements(0, CompactHeadlineLength) + "…";
    }

    /// <summary>Names in the @mention line (a markdown TextBlock): stripped of what could format, link or inject.</summary>
    private static string Plain(string text) => PeopleText.Name(text);
}
