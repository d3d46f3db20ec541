using CooperationBot.Reports;
using CooperationBot.Teams.FrontDoor;

namespace CooperationBot.Teams.Reports;

/// <summary>`close reporting` and `open reporting` (organisers, 1:1).</summary>
internal sealed class CycleActions(ReportService reports)
{
    public async Task SetClosedAsync(CommandRequest request, bool closed)
    {
        var t = request.Texts;
        var committee = request.Committee;
        var outcome = await reports.SetCycleClosedAsync(request.Identity, closed, request.Cancellation).ConfigureAwait(false);
        var cycleName = t.Format("Cycle_Name", committee.ReportingYear, committee.PlanYear);
        var reply = outcome is ReportOutcome.Refused
            ? t.OrganisersOnly(committee)
            : t.Format(closed ? "Cycle_Closed" : "Cycle_Opened", cycleName);
        await request.Turn.SendActivityAsync(reply, cancellationToken: request.Cancellation).ConfigureAwait(false);
    }
}
