using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Reports;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>
/// Teams side of running the committee: the `committee`, `new cycle`, `history committee` and `reports`
/// commands and the cards' verbs. Who may act comes from the activity (TurnUser), never from card data.
/// </summary>
internal sealed class CommitteeActions(CommitteeAdmin admin, PastReports pastReports, PeopleNames names, CommitteeSeed seed)
{
    /// <summary>The subject `history` takes for the committee's own history.</summary>
    public static bool IsCommitteeSubject(string? subject) =>
        subject?.Trim() is { } s && (s.Equals("committee", StringComparison.OrdinalIgnoreCase) || s == "委员会");

    public Task ShowAsync(CommandRequest request) =>
        SendOrganiserCardAsync(request, (t, c) => Task.FromResult(CommitteeCard.Build(t, c, demoMode: seed.DemoMode)));

    public Task ShowNewCycleAsync(CommandRequest request) =>
        SendOrganiserCardAsync(request, (t, c) => Task.FromResult(NewCycleCard.Build(t, c, null, AdminCardState.Fresh)));

    public Task ShowHistoryAsync(CommandRequest request) =>
        SendOrganiserCardAsync(request, async (t, c) => CommitteeHistoryCard.Build(t, c, (await admin.HistoryAsync(request.Identity, null, request.Cancellation).ConfigureAwait(false))!));

    /// <summary>`reports` / `往年填报` (contacts and organisers): the earlier cycles, or one cycle's units when named (e.g. `reports 2019-2020`).</summary>
    public async Task ShowPastReportsAsync(CommandRequest request)
    {
        var (turn, user, cycleId, cancellationToken) = (request.Turn, request.User, request.Argument, request.Cancellation);
        var t = user.Texts;
        var c = user.Committee;
        if (string.IsNullOrWhiteSpace(cycleId))
        {
            await SendCardAsync(turn, PastCyclesCard.Build(t, c), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (CycleOf(c, cycleId.Trim()) is not { } cycle)
        {
            var known = c.PastCycles.Count == 0 ? t["PastReports_None"] : t.Format("PastReports_Known", t.List(c.PastCycles.Select(p => p.Id).Reverse()));
            await turn.SendActivityAsync(t.Format("PastReports_UnknownCycle", cycleId.Trim()) + " " + known, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendCardAsync(turn, await CycleCardAsync(user, cycle, 0, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One unit's report of an earlier cycle; the front door has checked the sender organises or is the unit's contact.</summary>
    public async Task<JObject> PastReportAsync(CardRequest<PastReportRef> request)
    {
        var (t, c, data) = (request.Texts, request.Committee, request.Data);
        if (CycleOf(c, data.CycleId) is not { } cycle)
        {
            return PastCyclesCard.Build(t, c);
        }

        var report = c.FindAnyUnit(data.UnitId) is { } unit
            ? (Unit: unit, Report: await pastReports.GetAsync(cycle.Id, data.UnitId, request.Cancellation).ConfigureAwait(false))
            : default;
        return report.Report?.Latest is { } latest
            ? PastReportCard.Build(t, c, cycle, report.Unit, latest)
            : await CycleCardAsync(request.User, cycle, 0, request.Cancellation).ConfigureAwait(false);
    }

    public async Task<JObject> ExecuteAsync(ITurnContext turn, string verb, JObject? data, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        if (verb is CommitteeVerbs.PastCycles or CommitteeVerbs.PastCycle)
        {
            return await BrowseAsync(verb, data, user, cancellationToken).ConfigureAwait(false);
        }

        if (user.Identity is not { } me || await admin.GetAsync(me, cancellationToken).ConfigureAwait(false) is not { } c)
        {
            return CardElements.Notice(t.OrganisersOnly(user.Committee));
        }

        var unitId = Text(data, "unitId");
        var page = Page(data);
        return verb switch
        {
            CommitteeVerbs.Open => CommitteeCard.Build(t, c, demoMode: seed.DemoMode),
            CommitteeVerbs.EditMeeting => MeetingCard.Build(t, c, null, AdminCardState.Fresh),
            CommitteeVerbs.SaveMeeting => await SaveMeetingAsync(t, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.EditDates => DatesCard.Build(t, c, null, AdminCardState.Fresh),
            CommitteeVerbs.SaveDates => await SaveDatesAsync(t, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.EditOrganisers => OrganisersCard.Build(t, c, null, AdminCardState.Fresh),
            CommitteeVerbs.SaveOrganisers => await SaveOrganisersAsync(turn, user, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.Units => UnitsCard.Build(t, c, page, AdminCardState.Fresh),
            CommitteeVerbs.MoveUp or CommitteeVerbs.MoveDown => await MoveAsync(t, me, c, unitId, verb == CommitteeVerbs.MoveUp ? -1 : 1, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.NewUnit => UnitCard.New(t, null, AdminCardState.Fresh),
            CommitteeVerbs.AddUnit => await AddUnitAsync(turn, user, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.EditUnit => c.FindUnit(unitId) is { } unit ? UnitCard.Edit(t, c, unit, null, AdminCardState.Fresh) : UnitGone(t, c),
            CommitteeVerbs.SaveUnit => await SaveUnitAsync(turn, user, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.Retire => await RetireAsync(t, me, c, unitId, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.Reinstate => await ReinstateAsync(t, me, c, unitId, page, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.EditSchedule => ScheduleCard.Build(t, c, null, AdminCardState.Fresh),
            CommitteeVerbs.SaveSchedule => await SaveScheduleAsync(t, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.EditDirectives => DirectivesListCard.Build(t, c, null, AdminCardState.Fresh),
            CommitteeVerbs.SaveDirectives => await SaveDirectivesAsync(t, me, c, data, cancellationToken).ConfigureAwait(false),
            CommitteeVerbs.History => CommitteeHistoryCard.Build(t, c, (await admin.HistoryAsync(me, NullIfEmpty(Text(data, "before")), cancellationToken).ConfigureAwait(false))!),
            CommitteeVerbs.NewCycle => NewCycleCard.Build(t, c, null, AdminCardState.Fresh),
            CommitteeVerbs.ConfirmCycle => await ConfirmCycleAsync(t, me, c, data, cancellationToken).ConfigureAwait(false),
            _ => CommitteeCard.Build(t, c),
        };
    }

    private async Task<JObject> SaveMeetingAsync(Texts t, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var input = new MeetingInput(Text(data, AdminInputs.TitleZh), Text(data, AdminInputs.TitleEn), Text(data, AdminInputs.MeetingDate), Text(data, AdminInputs.ChairZh), Text(data, AdminInputs.ChairEn), Base(data));
        var outcome = await admin.SaveMeetingAsync(me, input, cancellationToken).ConfigureAwait(false);
        return Render(t, c, outcome, (committee, keep, state) => MeetingCard.Build(t, committee, keep ? input : null, state));
    }

    private async Task<JObject> SaveDatesAsync(Texts t, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var input = new DatesInput(Text(data, AdminInputs.ReportingYear), Text(data, AdminInputs.Deadline), Text(data, AdminInputs.TimeZone), Base(data));
        var outcome = await admin.SaveDatesAsync(me, input, cancellationToken).ConfigureAwait(false);
        return Render(t, c, outcome, (committee, keep, state) => DatesCard.Build(t, committee, keep ? input : null, state));
    }

    private async Task<JObject> SaveOrganisersAsync(ITurnContext turn, TurnUser user, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var edit = await PeopleAsync(turn, user, data, cancellationToken).ConfigureAwait(false);
        var outcome = await admin.SaveOrganisersAsync(me, edit, Base(data), cancellationToken).ConfigureAwait(false);
        return Render(user.Texts, c, outcome, (committee, keep, state) => OrganisersCard.Build(user.Texts, committee, keep ? edit : null, state));
    }

    private async Task<JObject> SaveUnitAsync(ITurnContext turn, TurnUser user, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var input = UnitFrom(data, Text(data, "unitId"), await PeopleAsync(turn, user, data, cancellationToken).ConfigureAwait(false));
        var outcome = await admin.SaveUnitAsync(me, input, cancellationToken).ConfigureAwait(false);
        return Render(t, c, outcome, (committee, keep, state) => committee.FindUnit(input.UnitId) is { } unit
            ? UnitCard.Edit(t, committee, unit, keep ? input : null, state)
            : UnitGone(t, committee));
    }

    private async Task<JObject> AddUnitAsync(ITurnContext turn, TurnUser user, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var input = UnitFrom(data, Text(data, AdminInputs.UnitId), await PeopleAsync(turn, user, data, cancellationToken).ConfigureAwait(false));
        var outcome = await admin.AddUnitAsync(me, input, cancellationToken).ConfigureAwait(false);
        if (outcome is AdminOutcome.Saved { Committee: var saved } && saved.Units.Count > 0)
        {
            var added = saved.Units[^1];
            return UnitCard.Edit(t, saved, added, null, AdminCardState.Notice(t.Format("Unit_Added", added.ShortName.For(t.Culture))));
        }

        return Render(t, c, outcome, (_, keep, state) => UnitCard.New(t, keep ? input : null, state));
    }

    private async Task<JObject> MoveAsync(Texts t, UserIdentity me, Committee c, string unitId, int offset, CancellationToken cancellationToken)
    {
        var outcome = await admin.MoveUnitAsync(me, unitId, offset, cancellationToken).ConfigureAwait(false);
        return Render(t, c, outcome, (committee, _, state) => UnitsCard.Build(t, committee, UnitsCard.PageOf(committee, unitId), state));
    }

    private async Task<JObject> RetireAsync(Texts t, UserIdentity me, Committee c, string unitId, CancellationToken cancellationToken)
    {
        var outcome = await admin.RetireUnitAsync(me, unitId, cancellationToken).ConfigureAwait(false);
        var name = c.FindAnyUnit(unitId)?.ShortName.For(t.Culture) ?? unitId;
        return outcome switch
        {
            AdminOutcome.Saved saved => UnitsCard.Build(t, saved.Committee, 0, AdminCardState.Notice(t.Format("Unit_Retired", name))),
            AdminOutcome.Invalid invalid when c.FindUnit(unitId) is { } unit => UnitCard.Edit(t, c, unit, null, AdminCardState.Problem(t["Committee_FixErrors"], invalid.Errors)),
            _ => Render(t, c, outcome, (committee, _, state) => UnitsCard.Build(t, committee, 0, state)),
        };
    }

    private async Task<JObject> ReinstateAsync(Texts t, UserIdentity me, Committee c, string unitId, int page, CancellationToken cancellationToken)
    {
        var outcome = await admin.ReinstateUnitAsync(me, unitId, cancellationToken).ConfigureAwait(false);
        var name = c.FindAnyUnit(unitId)?.ShortName.For(t.Culture) ?? unitId;
        return outcome switch
        {
            AdminOutcome.Saved saved => UnitsCard.Build(t, saved.Committee, UnitsCard.PageOf(saved.Committee, unitId), AdminCardState.Notice(t.Format("Unit_Reinstated", name))),

            // The units list has no name fields: the reasons go in the banner.
            AdminOutcome.Invalid invalid => UnitsCard.Build(t, c, page, AdminCardState.Problem(t.Format("Unit_CannotReinstate", name, string.Join(' ', invalid.Errors.Select(e => Describe(t, e)))))),
            _ => Render(t, c, outcome, (committee, _, state) => UnitsCard.Build(t, committee, page, state)),
        };
    }

    private async Task<JObject> SaveScheduleAsync(Texts t, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var input = new ScheduleInput(Text(data, AdminInputs.DigestDay), Text(data, AdminInputs.DigestTime), List(Text(data, AdminInputs.ReminderDays)), Base(data));
        var outcome = await admin.SaveScheduleAsync(me, input, cancellationToken).ConfigureAwait(false);
        return Render(t, c, outcome, (committee, keep, state) => ScheduleCard.Build(t, committee, keep ? input : null, state));
    }

    private async Task<JObject> SaveDirectivesAsync(Texts t, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var input = new DirectivesInput(Removals(data), Text(data, AdminInputs.NewDirectivesZh), Text(data, AdminInputs.NewDirectivesEn), Base(data));
        var outcome = await admin.SaveDirectivesAsync(me, input, cancellationToken).ConfigureAwait(false);
        return Render(t, c, outcome, (committee, keep, state) => DirectivesListCard.Build(t, committee, keep ? input : null, state));
    }

    private async Task<JObject> ConfirmCycleAsync(Texts t, UserIdentity me, Committee c, JObject? data, CancellationToken cancellationToken)
    {
        var input = new NewCycleInput(Text(data, AdminInputs.ReportingYear), Text(data, AdminInputs.Deadline), Text(data, AdminInputs.DirectivesChoice), Base(data) ?? string.Empty);
        var outcome = await admin.OpenCycleAsync(me, input, cancellationToken).ConfigureAwait(false);
        if (outcome is AdminOutcome.Saved { Committee: var saved })
        {
            var opened = t.Format("NewCycle_Opened", saved.ReportingYear, saved.PlanYear, Date(saved.SubmissionDeadline));

            // A new meeting brings new directives: the organiser lists them next.
            return input.Directives == NewCycleInput.NewDirectives
                ? DirectivesListCard.Build(t, saved, null, AdminCardState.Notice(opened + " " + t["NewCycle_AddDirectives"]))
                : CommitteeCard.Build(t, saved, opened, seed.DemoMode);
        }

        return Render(t, c, outcome, (committee, keep, state) => NewCycleCard.Build(t, committee, keep ? input : null, state));
    }

    /// <summary>The card after a save: fresh with a note when saved; the organiser's input with the problems otherwise.</summary>
    private static JObject Render(Texts t, Committee current, AdminOutcome outcome, Func<Committee, bool, AdminCardState, JObject> card) => outcome switch
    {
        AdminOutcome.Saved saved => card(saved.Committee, false, AdminCardState.Notice(SavedBanner(t, saved.Committee, saved.Change))),
        AdminOutcome.Invalid invalid => card(current, true, AdminCardState.Problem(t["Committee_FixErrors"], invalid.Errors)),
        AdminOutcome.Conflict conflict => card(conflict.Committee, true, AdminCardState.Problem(ConflictBanner(t, conflict.Committee, conflict.Theirs)) with
        {
            Details = conflict.Theirs?.Changes.Select(f => CommitteeHistoryCard.Describe(t, conflict.Committee, f)).ToList() ?? [],
        }),
        AdminOutcome.NotFound notFound => UnitGone(t, notFound.Committee),
        _ => CardElements.Notice(t.OrganisersOnly(current)),
    };

    private static JObject UnitGone(Texts t, Committee c) => UnitsCard.Build(t, c, 0, AdminCardState.Problem(t["Unit_Gone"]));

    private async Task<JObject> BrowseAsync(string verb, JObject? data, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var c = user.Committee;
        if (verb == CommitteeVerbs.PastCycles || CycleOf(c, Text(data, "cycleId")) is not { } cycle)
        {
            return PastCyclesCard.Build(t, c);
        }

        return await CycleCardAsync(user, cycle, Page(data), cancellationToken).ConfigureAwait(false);
    }

    private async Task<JObject> CycleCardAsync(TurnUser user, CycleView cycle, int page, CancellationToken cancellationToken)
    {
        var c = user.Committee;
        var units = c.Units.Select(u => (Unit: u, Retired: false)).Concat(c.RetiredUnits.Select(u => (Unit: u, Retired: true)))
            .Where(u => Visible(user, u.Unit.Id)).ToList();
        page = Math.Clamp(page, 0, Math.Max(0, (units.Count - 1) / PastCyclesCard.PageSize));
        var shown = units.Skip(page * PastCyclesCard.PageSize).Take(PastCyclesCard.PageSize).ToList();
        var reports = await Task.WhenAll(shown.Select(u => pastReports.GetAsync(cycle.Id, u.Unit.Id, cancellationToken))).ConfigureAwait(false);

        // Rows outside the page carry no report: only the page is read.
        var rows = units.Select(u => new CycleUnitRow(u.Unit, u.Retired, null)).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            rows[(page * PastCyclesCard.PageSize) + i] = new CycleUnitRow(shown[i].Unit, shown[i].Retired, reports[i]);
        }

        return PastCyclesCard.Units(user.Texts, cycle, rows, page);
    }

    /// <summary>The units listed to this person: every unit to an organiser, their own units to a contact.</summary>
    private static bool Visible(TurnUser user, string unitId) => user.Roles.IsOrganiser || user.Roles.IsContactOf(unitId);

    private static CycleView? CycleOf(Committee c, string cycleId) =>
        cycleId == c.CycleId ? new CycleView(c.CycleId, c.ReportingYear, c.PlanYear, true)
        : c.PastCycles.FirstOrDefault(p => p.Id == cycleId) is { } past ? new CycleView(past.Id, past.ReportingYear, past.PlanYear, false)
        : null;

    private async Task<PeopleEdit> PeopleAsync(ITurnContext turn, TurnUser user, JObject? data, CancellationToken cancellationToken)
    {
        var picked = await names.ResolveAsync(turn, user.Committee, List(Text(data, AdminInputs.People)), cancellationToken).ConfigureAwait(false);
        return new PeopleEdit(Removals(data), picked, Text(data, AdminInputs.Address), Text(data, AdminInputs.PersonName));
    }

    private static UnitInput UnitFrom(JObject? data, string unitId, PeopleEdit contacts) => new(
        unitId, Text(data, AdminInputs.ShortNameZh), Text(data, AdminInputs.ShortNameEn), Text(data, AdminInputs.FullNameZh), Text(data, AdminInputs.FullNameEn), contacts, Base(data));

    /// <summary>The values of the remove switches that are on.</summary>
    private static IReadOnlyList<string> Removals(JObject? data) => data?.Properties()
        .Where(p => p.Name.StartsWith(AdminInputs.RemovePrefix, StringComparison.Ordinal))
        .Select(p => (string?)p.Value ?? string.Empty)
        .Where(v => v.Length > 0 && v != AdminInputs.Keep && v != "false")
        .ToList() ?? [];

    private static List<string> List(string commaSeparated) =>
        commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string Text(JObject? data, string key) => data?[key] is JValue { Value: not null } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;

    private static string? Base(JObject? data) => NullIfEmpty(Text(data, "base"));

    /// <summary>A page number from card data; anything else is the first page.</summary>
    private static int Page(JObject? data) =>
        int.TryParse(Text(data, "page"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) ? page : 0;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>
    /// An organiser card (1:1 only: they hold contacts' details), drawn from the stored committee. The front
    /// door has admitted an organiser of the turn's committee; one removed since is told so.
    /// </summary>
    private async Task SendOrganiserCardAsync(CommandRequest request, Func<Texts, Committee, Task<JObject>> card)
    {
        var t = request.Texts;
        if (await admin.GetAsync(request.Identity, request.Cancellation).ConfigureAwait(false) is not { } c)
        {
            await request.Turn.SendActivityAsync(t.OrganisersOnly(request.Committee), cancellationToken: request.Cancellation).ConfigureAwait(false);
            return;
        }

        await SendCardAsync(request.Turn, await card(t, c).ConfigureAwait(false), request.Cancellation).ConfigureAwait(false);
    }

    private static Task SendCardAsync(ITurnContext turn, JObject card, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(MessageFactory.Attachment(ReportActions.AsAttachment(card)), cancellationToken);
}
