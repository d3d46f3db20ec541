using CooperationBot.Teams.Committees;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.Directives;
using CooperationBot.Teams.Reach;
using CooperationBot.Teams.Reports;
using CooperationBot.Teams.Scheduling;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>The features the table's entries call; a new feature is one more property here.</summary>
internal sealed record Features(
    ReportActions Reports,
    CycleActions Cycles,
    DirectiveActions Directives,
    DigestActions Digests,
    ReminderActions Reminders,
    HelpActions Help,
    CommitteeActions Committee,
    ReachActions Reach);
