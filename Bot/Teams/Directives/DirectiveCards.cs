using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Directives;

/// <summary>Input ids of a unit's directive card: one set per directive.</summary>
internal static class DirectiveInputs
{
    public static string Status(string directiveId) => $"status.{directiveId}";

    public static string Note(string directiveId) => $"note.{directiveId}";

    public static string Needs(string directiveId) => $"needs.{directiveId}";
}

/// <summary>One directive section of a unit's card: stored state, what the user typed, and why it came back.</summary>
internal sealed record UnitSection(DirectiveState State, ProgressInput? Typed, UnitProgress? TheirChange, IReadOnlyList<DirectiveFieldError> Errors);

internal static class DirectiveCards
{
    public static JObject UnitCard(Texts t, Committee committee, Unit unit, IReadOnlyList<UnitSection> sections, string? banner)
    {
        var body = new List<JToken?>
        {
            Text(t.Format("Directives_UnitTitle", unit.ShortName.For(t.Culture), committee.PlanYear), size: "large", weight: "bolder"),
            Text(t["Directives_UnitIntro"], subtle: true),
            banner is null ? null : Container([Text(banner, weight: "bolder")], "emphasis"),
        };
        if (sections.Count == 0)
        {
            body.Add(Text(t["Directives_NoneOwned"]));
            return Card(body);
        }

        body.Add(UnitChart(t, unit, sections));
        body.AddRange(sections.Select(s => Section(t, committee, unit, s)));
        var versions = new JObject(sections.Select(s => new JProperty(s.State.Definition.Id, s.TheirChange?.Version ?? s.State.For(unit.Id).Version)));
        return Card(body,
        [
            Execute(t["Directives_Action_Save"], Verbs.DirectivesSave, new JObject { ["unitId"] = unit.Id, ["versions"] = versions }, "positive"),
            Execute(t["Directives_Action_Report"], Verbs.ReportOpen, new JObject { ["unitId"] = unit.Id, ["cycleId"] = committee.CycleId }),
        ]);
    }

    /// <summary>
    /// The organiser's overview, compact first: one line of counts per directive, each unit's status and the
    /// directive's buttons behind its own toggle, the unit history picker behind a button.
    /// </summary>
    public static JObject Overview(Texts t, Committee committee, IReadOnlyList<DirectiveState> states)
    {
        var body = new List<JToken?>
        {
            Text(t.Format("Directives_OverviewTitle", committee.Meeting.Title.For(t.Culture)), size: "large", weight: "bolder"),
            OverviewChart(t, committee, states),
        };
        foreach (var state in states)
        {
            var d = state.Definition;
            var cells = state.Cells(committee).ToList();
            var owned = cells.Where(c => c.Owned).Select(c => c.Progress).ToList();
            int Count(DirectiveStatus s) => owned.Count(p => p.Status == s);
            var facts = new JArray(cells.Select(c => new JObject
            {
                ["title"] = committee.FindUnit(c.Progress.UnitId)?.ShortName.For(t.Culture) ?? c.Progress.UnitId,
                ["value"] = StatusWord(t, c.Progress.Status)
                    + (c.Owned && state.IsOverdue(c.Progress) ? t["Directives_CellOverdue"] : string.Empty)
                    + (c.Owned ? string.Empty : t["Directives_CellNotOwned"]),
            }));
            var detailsId = $"details.{d.Id}";
            var details = Container(
            [
                new JObject { ["type"] = "FactSet", ["facts"] = facts },
                new JObject
                {
                    ["type"] = "ActionSet",
                    ["actions"] = new JArray(
                        Execute(t.Format("Directives_Action_Edit", d.Number), Verbs.DirectivesDefine, new JObject { ["directiveId"] = d.Id }),
                        Execute(t.Format("Directives_Action_History", d.Number), Verbs.DirectivesHistory, new JObject { ["directiveId"] = d.Id })),
                },
            ]);
            details["id"] = detailsId;
            details["isVisible"] = false;
            body.Add(Container(
            [
                Text(t.Format("Directives_Title", d.Number, d.Text.For(t.Culture)), weight: "bolder"),
                Text(t.Format("Directives_OverviewCounts", Date(t, d.DueDate), Count(DirectiveStatus.Done), Count(DirectiveStatus.InProgress), Count(DirectiveStatus.Blocked), Count(DirectiveStatus.NotStarted), owned.Count(state.IsOverdue)),
                    color: owned.Any(state.IsOverdue) ? "attention" : null),
                new JObject
                {
                    ["type"] = "ActionSet",
                    ["actions"] = new JArray(new JObject
                    {
                        ["type"] = "Action.ToggleVisibility",
                        ["title"] = t["Directives_Action_Details"],
                        ["targetElements"] = new JArray(detailsId),
                    }),
                },
                details,
            ], "emphasis"));
        }

        var unitHistory = Card(
        [
            new JObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = "historyUnit",
                ["label"] = t["Directives_UnitHistoryLabel"],
                ["style"] = "compact",
                ["value"] = committee.Units[0].Id,
                ["choices"] = new JArray(committee.Units.Select(u => new JObject { ["title"] = u.ShortName.For(t.Culture), ["value"] = u.Id })),
            },
        ], [Execute(t["Directives_Action_UnitHistory"], Verbs.DirectivesHistory, [])]);
        unitHistory.Remove("$schema");
        return Card(body, [new JObject { ["type"] = "Action.ShowCard", ["title"] = t["Directives_Action_UnitHistory"], ["card"] = unitHistory }]);
    }

    public static JObject Definition(Texts t, Committee committee, DirectiveDefinition definition, DefinitionInput? typed, IReadOnlyList<DirectiveFieldError> errors, string? banner)
    {
        string? ErrorOf(DirectiveField field) => errors.FirstOrDefault(e => e.Field == field) is { } e ? Describe(t, e) : null;
        var body = new List<JToken?>
        {
            Text(t.Format("Directives_DefineTitle", definition.Number), size: "large", weight: "bolder"),
            banner is null ? null : Container([Text(banner, weight: "bolder")], "emphasis"),
        };
        body.AddRange(WithError(TextInput("textZh", t["Directives_TextZhLabel"], typed?.TextZh ?? definition.Text.Zh, true), ErrorOf(DirectiveField.TextZh)));
        body.AddRange(WithError(TextInput("textEn", t["Directives_TextEnLabel"], typed?.TextEn ?? definition.Text.En, true), ErrorOf(DirectiveField.TextEn)));
        body.AddRange(WithError(new JObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = "owners",
            ["label"] = t["Directives_OwnersLabel"],
            ["isMultiSelect"] = true,
            ["style"] = "expanded",
            ["value"] = string.Join(",", typed?.OwnerUnitIds ?? definition.OwnerUnitIds),
            ["choices"] = new JArray(committee.Units.Select(u => new JObject { ["title"] = u.ShortName.For(t.Culture), ["value"] = u.Id })),
        }, ErrorOf(DirectiveField.Owners)));
        body.AddRange(WithError(new JObject
        {
            ["type"] = "Input.Date",
            ["id"] = "dueDate",
            ["label"] = t["Directives_DueLabel"],
            ["value"] = typed?.DueDate ?? definition.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, ErrorOf(DirectiveField.DueDate)));
        return Card(body,
        [
            Execute(t["Directives_Action_Save"], Verbs.DirectivesSaveDefinition, new JObject { ["directiveId"] = definition.Id, ["baseVersion"] = definition.Version }, "positive"),
            Execute(t["Directives_Action_Overview"], Verbs.DirectivesOverview, []),
        ]);
    }

    public static JObject History(Texts t, Committee committee, string subject, IReadOnlyList<HistoryEntry> entries)
    {
        var numbers = committee.Directives.Select((d, i) => (d.Id, Number: i + 1)).ToDictionary(x => x.Id, x => x.Number);
        var body = new List<JToken?> { Text(t.Format("History_Title", subject), size: "large", weight: "bolder") };
        if (entries.Count == 0)
        {
            body.Add(Text(t["History_Empty"]));
        }

        foreach (var e in entries.Take(50))
        {
            var where = e.UnitId is { } unitId
                ? $"{committee.FindUnit(unitId)?.ShortName.For(t.Culture) ?? unitId} · {t.Format("Directives_Title", numbers.GetValueOrDefault(e.DirectiveId), string.Empty).TrimEnd(':', '：', ' ')}"
                : t.Format("Directives_Title", numbers.GetValueOrDefault(e.DirectiveId), string.Empty).TrimEnd(':', '：', ' ');
            var (old, @new) = e.What == "status" ? (StatusWord(t, Enum.Parse<DirectiveStatus>(e.Old)), StatusWord(t, Enum.Parse<DirectiveStatus>(e.New))) : (e.Old, e.New);
            body.Add(Text(t.Format("History_Line", TimeFormat.Local(e.At, committee.TimeZone), e.ByName, where), subtle: true));
            body.Add(new JObject
            {
                ["type"] = "RichTextBlock",
                ["inlines"] = new JArray(
                    new JObject { ["type"] = "TextRun", ["text"] = t.Format("Label_Colon", t["History_What_" + e.What]), ["weight"] = "bolder" },
                    new JObject { ["type"] = "TextRun", ["text"] = old.Length == 0 ? "—" : old },
                    new JObject { ["type"] = "TextRun", ["text"] = " → " },
                    new JObject { ["type"] = "TextRun", ["text"] = @new.Length == 0 ? "—" : @new }),
            });
        }

        return Card(body, [Execute(t["Directives_Action_Overview"], Verbs.DirectivesOverview, [])]);
    }

    /// <summary>What organisers receive at once when a unit reports a directive blocked.</summary>
    public static JObject Escalation(Texts t, Committee committee, Unit unit, DirectiveDefinition definition, UnitProgress progress) => Card(
    [
        Text(t.Format("Escalation_Title", unit.ShortName.For(t.Culture), definition.Number), weight: "bolder", color: "attention", size: "medium"),
        Text(definition.Text.For(t.Culture), subtle: true),
        LabelledLiteral(t["Escalation_Note"], progress.Note ?? "—"),
        LabelledLiteral(t["Escalation_Needs"], progress.Needs ?? "—"),
        Text(t.Format("Escalation_By", progress.ChangedByName, progress.ChangedAt is { } at ? TimeFormat.Local(at, committee.TimeZone) : string.Empty), subtle: true),
    ]);

    public static string StatusWord(Texts t, DirectiveStatus status) => t["Status_" + status];

    /// <summary>The digest's stacked bars: one per directive, owner units by status, overdue in the label.</summary>
    private static JObject OverviewChart(Texts t, Committee committee, IReadOnlyList<DirectiveState> states) =>
        StatusCharts.DirectiveBars(t, t["Chart_DirectivesTitle"], states.Select(state =>
        {
            var owners = state.Definition.OwnerUnitIds.ToHashSet();
            var progress = state.Progress.ToDictionary(p => p.UnitId);
            var cells = committee.Units.Where(u => owners.Contains(u.Id)).Select(u => progress.GetValueOrDefault(u.Id) ?? UnitProgress.New(state.Definition.Id, u.Id));
            return new StatusBar(t.Format("Chart_DirectiveRow", state.Definition.Number), DirectiveCounts.Of(cells.Select(p => (p.Status, state.IsOverdue(p)))));
        }).ToList());

    /// <summary>A contact's own unit: one stacked bar of its directives by status, in the same colours as the digest.</summary>
    private static JObject UnitChart(Texts t, Unit unit, IReadOnlyList<UnitSection> sections)
    {
        var name = unit.ShortName.For(t.Culture);
        var counts = DirectiveCounts.Of(sections.Select(s => s.State.For(unit.Id)).Select((p, i) => (p.Status, sections[i].State.IsOverdue(p))));
        return StatusCharts.DirectiveBars(t, t.Format("Chart_UnitTitle", name), [new StatusBar(name, counts)]);
    }

    private static JObject Section(Texts t, Committee committee, Unit unit, UnitSection section)
    {
        var d = section.State.Definition;
        var stored = section.TheirChange ?? section.State.For(unit.Id);
        var typed = section.Typed;
        string? ErrorOf(DirectiveField field) => section.Errors.FirstOrDefault(e => e.Field == field) is { } e ? Describe(t, e) : null;
        var overdue = section.State.IsOverdue(stored);
        var items = new List<JToken?>
        {
            Text(t.Format("Directives_Title", d.Number, d.Text.For(t.Culture)), weight: "bolder"),
            Text(t.Format("Directives_Due", Date(t, d.DueDate)) + (overdue ? t["Directives_OverdueMark"] : string.Empty), color: overdue ? "attention" : null, subtle: !overdue),
            stored.Version == 0
                ? Text(t["Directives_CurrentNew"], subtle: true)
                : Text(t.Format("Directives_Current", StatusWord(t, stored.Status), stored.ChangedByName, TimeFormat.Local(stored.ChangedAt!.Value, committee.TimeZone)), subtle: true),
        };
        // What was saved stays readable outside the input boxes, which show only a line or two of it.
        if (stored.Note is { Length: > 0 } savedNote)
        {
            items.Add(LabelledLiteral(t.Format("Label_Colon", t["History_What_note"]), savedNote));
        }

        if (stored.Status == DirectiveStatus.Blocked && stored.Needs is { Length: > 0 } savedNeeds)
        {
            items.Add(LabelledLiteral(t["Escalation_Needs"], savedNeeds));
        }

        if (section.TheirChange is { } theirs)
        {
            items.Add(Text(t.Format("Directives_Conflict", theirs.ChangedByName, TimeFormat.Local(theirs.ChangedAt!.Value, committee.TimeZone), StatusWord(t, theirs.Status)), color: "attention"));
            if (theirs.Note is { } note)
            {
                items.Add(Literal(note));
            }
        }

        items.AddRange(WithError(new JObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = DirectiveInputs.Status(d.Id),
            ["label"] = t["Directives_StatusLabel"],
            ["style"] = "compact",
            ["value"] = typed?.Status ?? stored.Status.ToString(),
            ["choices"] = new JArray(Enum.GetValues<DirectiveStatus>().Select(s => new JObject { ["title"] = StatusWord(t, s), ["value"] = s.ToString() })),
        }, ErrorOf(DirectiveField.Status)));
        items.AddRange(WithError(TextInput(DirectiveInputs.Note(d.Id), t["Directives_NoteLabel"], typed?.Note ?? stored.Note ?? string.Empty, true), ErrorOf(DirectiveField.Note)));
        items.AddRange(WithError(TextInput(DirectiveInputs.Needs(d.Id), t["Directives_NeedsLabel"], typed?.Needs ?? stored.Needs ?? string.Empty, false), ErrorOf(DirectiveField.Needs)));
        return Container(items, "emphasis");
    }

    private static JObject TextInput(string id, string label, string value, bool multiline) => new()
    {
        ["type"] = "Input.Text",
        ["id"] = id,
        ["label"] = label,
        ["value"] = value,
        ["isMultiline"] = multiline,
    };

    private static IEnumerable<JObject> WithError(JObject input, string? error)
    {
        yield return input;
        if (error is not null)
        {
            yield return Error($"error-{input["id"]}", error);
        }
    }

    private static JObject LabelledLiteral(string label, string value) => new()
    {
        ["type"] = "RichTextBlock",
        ["inlines"] = new JArray(
            new JObject { ["type"] = "TextRun", ["text"] = label, ["weight"] = "bolder" },
            new JObject { ["type"] = "TextRun", ["text"] = value }),
    };

    private static string Date(Texts t, DateOnly date) => date.ToString("yyyy-MM-dd", t.Culture);

    private static string Describe(Texts t, DirectiveFieldError error) => error switch
    {
        { Field: DirectiveField.Needs, Error: DirectiveError.Required } => t["Directives_Error_NeedsRequired"],
        { Error: DirectiveError.Required } => t["Directives_Error_Required"],
        { Error: DirectiveError.TooLong } => t.Format("Directives_Error_TooLong", error.Argument),
        { Error: DirectiveError.UnknownStatus } => t["Directives_Error_UnknownStatus"],
        { Error: DirectiveError.NotADate } => t["Directives_Error_NotADate"],
        { Error: DirectiveError.DateInPast } => t["Directives_Error_DateInPast"],
        _ => t["Directives_Error_UnknownUnit"],
    };
}
