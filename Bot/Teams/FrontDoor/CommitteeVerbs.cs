namespace CooperationBot.Teams.FrontDoor;

/// <summary>The verbs of the organisers' committee cards (entries of <see cref="CardVerbs"/>); data carries ids and the version the card showed.</summary>
internal static class CommitteeVerbs
{
    public const string Open = "committee.open";
    public const string EditMeeting = "committee.meeting.edit";
    public const string SaveMeeting = "committee.meeting.save";
    public const string EditDates = "committee.dates.edit";
    public const string SaveDates = "committee.dates.save";
    public const string EditOrganisers = "committee.organisers.edit";
    public const string SaveOrganisers = "committee.organisers.save";
    public const string Units = "committee.units";
    public const string MoveUp = "committee.units.up";
    public const string MoveDown = "committee.units.down";
    public const string NewUnit = "committee.unit.new";
    public const string AddUnit = "committee.unit.add";
    public const string EditUnit = "committee.unit.edit";
    public const string SaveUnit = "committee.unit.save";
    public const string Retire = "committee.unit.retire";
    public const string Reinstate = "committee.unit.reinstate";
    public const string EditSchedule = "committee.schedule.edit";
    public const string SaveSchedule = "committee.schedule.save";
    public const string EditDirectives = "committee.directives.edit";
    public const string SaveDirectives = "committee.directives.save";
    public const string History = "committee.history";
    public const string NewCycle = "cycle.new";
    public const string ConfirmCycle = "cycle.confirm";
    public const string PastCycles = "reports.past";
    public const string PastCycle = "reports.pastCycle";
    public const string PastReport = "reports.pastUnit";
}
