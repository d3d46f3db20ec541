using CooperationBot.Teams.Reach;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>The verbs of every Action.Execute button. Cards take them from here, whichever feature they belong to.</summary>
internal static class Verbs
{
    public const string ReportOpen = "report.open";
    public const string ReportSave = "report.save";
    public const string ReportSubmit = "report.submit";
    public const string ReportEdit = "report.edit";
    public const string DirectivesOpen = "directives.open";
    public const string DirectivesSave = "directives.save";
    public const string DirectivesOverview = "directives.overview";
    public const string DirectivesDefine = "directives.define";
    public const string DirectivesSaveDefinition = "directives.saveDefinition";
    public const string DirectivesHistory = "directives.history";
    public const string DigestRefresh = "digest.refresh";
    public const string ReachEveryone = "reach.everyone";
}

/// <summary>
/// The card half of the front door's table (commands are in <see cref="CommandCatalog"/>): one line per
/// verb with who may click it, where, the record its data binds to, and the feature that answers.
/// </summary>
internal static class CardVerbs
{
    private const CommandScopes Personal = CommandScopes.Personal;

    public static IReadOnlyList<CardRoute> All { get; } =
    [
        CardRoute.For<ReportRef>(Verbs.ReportOpen, Who.ContactOfUnit, Personal, (f, r) => f.Reports.OpenAsync(r)),
        CardRoute.For<ReportSave>(Verbs.ReportSave, Who.ContactOfUnit, Personal, (f, r) => f.Reports.SaveAsync(r, submit: false)),
        CardRoute.For<ReportSave>(Verbs.ReportSubmit, Who.ContactOfUnit, Personal, (f, r) => f.Reports.SaveAsync(r, submit: true)),
        CardRoute.For<ReportRef>(Verbs.ReportEdit, Who.ContactOfUnit, Personal, (f, r) => f.Reports.EditAsync(r)),
        CardRoute.For<UnitRef>(Verbs.DirectivesOpen, Who.ContactOfUnit, Personal, (f, r) => f.Directives.OpenUnitAsync(r)),
        CardRoute.For<DirectiveProgressSave>(Verbs.DirectivesSave, Who.ContactOfUnit, Personal, (f, r) => f.Directives.SaveProgressAsync(r)),
        CardRoute.For<NoData>(Verbs.DirectivesOverview, Who.Organiser, Personal, (f, r) => f.Directives.OverviewAsync(r)),
        CardRoute.For<DirectiveRef>(Verbs.DirectivesDefine, Who.Organiser, Personal, (f, r) => f.Directives.DefineAsync(r)),
        CardRoute.For<DirectiveDefinitionSave>(Verbs.DirectivesSaveDefinition, Who.Organiser, Personal, (f, r) => f.Directives.SaveDefinitionAsync(r)),
        CardRoute.For<HistoryRef>(Verbs.DirectivesHistory, Who.Organiser, Personal, (f, r) => f.Directives.HistoryAsync(r)),
        Committee(CommitteeVerbs.Open, Who.Organiser),
        Committee(CommitteeVerbs.EditMeeting, Who.Organiser),
        Committee(CommitteeVerbs.SaveMeeting, Who.Organiser),
        Committee(CommitteeVerbs.EditDates, Who.Organiser),
        Committee(CommitteeVerbs.SaveDates, Who.Organiser),
        Committee(CommitteeVerbs.EditOrganisers, Who.Organiser),
        Committee(CommitteeVerbs.SaveOrganisers, Who.Organiser),
        Committee(CommitteeVerbs.Units, Who.Organiser),
        Committee(CommitteeVerbs.MoveUp, Who.Organiser),
        Committee(CommitteeVerbs.MoveDown, Who.Organiser),
        Committee(CommitteeVerbs.NewUnit, Who.Organiser),
        Committee(CommitteeVerbs.AddUnit, Who.Organiser),
        Committee(CommitteeVerbs.EditUnit, Who.Organiser),
        Committee(CommitteeVerbs.SaveUnit, Who.Organiser),
        Committee(CommitteeVerbs.Retire, Who.Organiser),
        Committee(CommitteeVerbs.Reinstate, Who.Organiser),
        Committee(CommitteeVerbs.EditSchedule, Who.Organiser),
        Committee(CommitteeVerbs.SaveSchedule, Who.Organiser),
        Committee(CommitteeVerbs.EditDirectives, Who.Organiser),
        Committee(CommitteeVerbs.SaveDirectives, Who.Organiser),
        Committee(CommitteeVerbs.History, Who.Organiser),
        Committee(CommitteeVerbs.NewCycle, Who.Organiser),
        Committee(CommitteeVerbs.ConfirmCycle, Who.Organiser),
        Committee(CommitteeVerbs.PastCycles, Who.Registered),
        Committee(CommitteeVerbs.PastCycle, Who.Registered),
        CardRoute.For<PastReportRef>(CommitteeVerbs.PastReport, Who.Organiser | Who.ContactOfUnit, Personal, (f, r) => f.Committee.PastReportAsync(r)),
        CardRoute.For<DigestRef>(Verbs.DigestRefresh, Who.Organiser | Who.CommitteeTeam, Personal | CommandScopes.Team, (f, r) => f.Digests.RefreshAsync(r)),
        CardRoute.For<ReachRef>(Verbs.ReachEveryone, Who.Organiser, Personal | CommandScopes.Team, (f, r) => f.Reach.ExecuteAsync(r)),
    ];

    public static CardRoute? Find(string verb) => All.FirstOrDefault(r => string.Equals(r.Verb, verb, StringComparison.Ordinal));

    /// <summary>A committee administration card: personal chat only; the card's fields checked by the committee rules.</summary>
    private static CardRoute Committee(string verb, Who who) =>
        CardRoute.For<CommitteeCardData>(verb, who, Personal, (f, r) => f.Committee.ExecuteAsync(r.Turn, verb, r.Data.ToJObject(), r.User, r.Cancellation));
}

/// <summary>One line of the card table.</summary>
internal abstract record CardRoute(string Verb, Who Who, CommandScopes Where)
{
    /// <summary>The record the button's data binds to.</summary>
    public abstract Type DataType { get; }

    public static CardRoute For<TData>(string verb, Who who, CommandScopes where, Func<Features, CardRequest<TData>, Task<JObject>> handle)
        where TData : class => new Typed<TData>(verb, who, where, handle);

    /// <summary>Runs the feature with data already bound to <see cref="DataType"/>.</summary>
    public abstract Task<JObject> RunAsync(Features features, Microsoft.Bot.Builder.ITurnContext turn, TurnUser user, object data, string operationId, CancellationToken cancellationToken);

    private sealed record Typed<TData>(string Verb, Who Who, CommandScopes Where, Func<Features, CardRequest<TData>, Task<JObject>> Handle) : CardRoute(Verb, Who, Where)
        where TData : class
    {
        public override Type DataType => typeof(TData);

        public override Task<JObject> RunAsync(Features features, Microsoft.Bot.Builder.ITurnContext turn, TurnUser user, object data, string operationId, CancellationToken cancellationToken) =>
            Handle(features, new CardRequest<TData>(turn, user, (TData)data, operationId, cancellationToken));
    }
}
