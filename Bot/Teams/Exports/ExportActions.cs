using CooperationBot.Conversations;
using CooperationBot.Exports;
using CooperationBot.Localization;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Proactive;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Exports;

/// <summary>
/// Teams side of exports: the `export` command, the Create button, and the export buttons on the committee
/// card and the digest. Who may use them is the front door's table.
/// </summary>
internal sealed partial class ExportActions(
    ExportService exports,
    DigestActions digests,
    ConversationReferences conversations,
    IConfiguration configuration,
    ChannelExport channelExport,
    IProactiveMessenger messenger,
    ILogger<ExportActions> logger)
{
    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    public async Task ShowOfferAsync(CommandRequest request)
    {
        var card = await OfferCardAsync(request).ConfigureAwait(false);
        await request.Turn.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = card }), request.Cancellation).ConfigureAwait(false);
    }

    public Task<JObject> OfferAsync(CardRequest<NoData> request) => OfferCardAsync(request);

    public async Task<JObject> CreateAsync(CardRequest<ExportCycleRef> request)
    {
        var t = request.Texts;
        var outcome = await exports.CreateAsync(request.Identity, request.Data.CycleId, request.Cancellation).ConfigureAwait(false);
        return outcome switch
        {
            ExportOutcome.Ready ready => ExportCards.Ready(t, ready, request.Committee.TimeZone, await SaveToChannelAsync(request, ready).ConfigureAwait(false)),
            ExportOutcome.UnknownCycle unknown => ExportCards.Offer(t, unknown.Cycles, t["Export_UnknownCycle"]),
            _ => CardElements.Notice(t.OrganisersOnly(request.Committee)),
        };
    }

    /// <summary>
    /// The digest sits in a channel everyone reads: the export card, with its download links, goes to the
    /// organiser's personal chat, and the digest they clicked comes back with a note saying where to look.
    /// </summary>
    public async Task<JObject> FromDigestAsync(CardRequest<DigestRef> request)
    {
        var t = request.Texts;
        var name = request.Identity.DisplayName;
        var cycles = await exports.CyclesAsync(request.Identity, request.Cancellation).ConfigureAwait(false);
        string notice;
        if (cycles is null)
        {
            notice = t.Format("Export_NotOrganiserOnCard", name);
        }
        else if (await conversations.FindAsync(request.Identity.AadObjectId, request.Cancellation).ConfigureAwait(false) is not { } personal)
        {
            notice = t.Format("Export_NoPersonalChat", name);
        }
        else
        {
            var offer = MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = CardLanguage.Stamp(ExportCards.Offer(t, cycles), t.Culture) });
            await request.Turn.Adapter.ContinueConversationAsync(BotAppId, personal.ToReference(), (personalTurn, ct) => personalTurn.SendActivityAsync(offer, ct), request.Cancellation).ConfigureAwait(false);
            notice = t.Format("Export_SentToPersonal", name);
        }

        return ExportCards.WithNotice(await digests.RefreshAsync(request).ConfigureAwait(false), notice);
    }

    /// <summary>
    /// With Microsoft Graph, the files also go into the meeting channel's Files folder and the channel gets a
    /// post linking to them; the line returned tells the organiser where they went or why not. Without
    /// Graph nothing is attempted and nothing is said.
    /// </summary>
    private async Task<ChannelNote?> SaveToChannelAsync(CardRequest<ExportCycleRef> request, ExportOutcome.Ready ready)
    {
        var (t, cancellationToken) = (request.Texts, request.Cancellation);
        var outcome = await channelExport.SaveAsync(ready, (team, ct) => GroupIdOfAsync(request.Turn, team, ct), cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case ChannelSaveOutcome.Saved saved:
                var committee = request.Committee;
                var post = new ChannelFilesPost(ready.Cycle, saved.ExportedBy, saved.ExportedAt, saved.Files, saved.FolderUrl);
                var committeeTexts = new Texts(committee.DefaultLanguage);
                var card = CardLanguage.Stamp(ExportCards.SavedToChannel(committeeTexts, post, committee.TimeZone), committeeTexts.Culture);
                var posted = await messenger.PostToChannelAsync(new ChannelPost($"export/{ready.ExportId}", saved.Channel.Id, saved.Team.ServiceUrl, saved.Team.TenantId, card), cancellationToken).ConfigureAwait(false);
                var team = saved.Team.Name ?? t["Digest_TeamFallbackName"];
                var channel = saved.Channel.Id == saved.Team.TeamId ? t["Digest_General"] : saved.Channel.Name ?? saved.Channel.Id;
                var line = t.Format(posted == ProactiveResult.NotQueued ? "Export_ChannelSavedNotPosted" : "Export_ChannelSaved", team, channel);
                return new ChannelNote(line, Saved: true, saved.FolderUrl);
            case ChannelSaveOutcome.NoChannel { Problem: MeetingChannelProblem.BotRemovedFromTeam }:
                return new ChannelNote(t["Export_ChannelBotRemoved"], Saved: false);
            case ChannelSaveOutcome.NoChannel:
                return new ChannelNote(t["Export_ChannelNotBound"], Saved: false);
            case ChannelSaveOutcome.TeamUnknown:
                return new ChannelNote(t["Export_ChannelTeamUnknown"], Saved: false);
            case ChannelSaveOutcome.Failed { Problem: var problem }:
                return new ChannelNote(problem.Reason switch
                {
                    ChannelFilesFailure.MissingPermission => t.Format("Export_ChannelMissingPermission", problem.Detail),
                    ChannelFilesFailure.Unavailable => t["Export_ChannelUnavailable"],
                    _ => t.Format("Export_ChannelRefused", problem.Detail),
                }, Saved: false);
            default:
                return null;
        }
    }

    /// <summary>Graph addresses a team by its Microsoft 365 group id; Teams' team details give it for the 19:… id the bot knows.</summary>
    private async Task<string?> GroupIdOfAsync(ITurnContext turn, KnownTeam team, CancellationToken cancellationToken)
    {
        try
        {
            var details = await TeamsInfo.GetTeamDetailsAsync(turn, team.TeamId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(details?.AadGroupId) ? null : details.AadGroupId;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTeamDetailsFailed(ex, team.TeamId);
            return null;
        }
    }

    private async Task<JObject> OfferCardAsync(TurnRequest request)
    {
        // The domain keeps its own organiser check: null only if the committee changed during the turn.
        var cycles = await exports.CyclesAsync(request.Identity, request.Cancellation).ConfigureAwait(false);
        return cycles is null ? CardElements.Notice(request.Texts.OrganisersOnly(request.Committee)) : ExportCards.Offer(request.Texts, cycles);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the details of team {TeamId} from Teams")]
    private partial void LogTeamDetailsFailed(Exception exception, string teamId);
}
