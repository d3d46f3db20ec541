using CooperationBot.Conversations;
using CooperationBot.Exports;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.FrontDoor;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Exports;

/// <summary>
/// Teams side of exports: the `export` command, the Create button, and the export buttons on the committee
/// card and the digest. Who may use them is the front door's table.
/// </summary>
internal sealed class ExportActions(ExportService exports, DigestActions digests, ConversationReferences conversations, IConfiguration configuration)
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
            ExportOutcome.Ready ready => ExportCards.Ready(t, ready, request.Committee.TimeZone),
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

    private async Task<JObject> OfferCardAsync(TurnRequest request)
    {
        // The domain keeps its own organiser check: null only if the committee changed during the turn.
        var cycles = await exports.CyclesAsync(request.Identity, request.Cancellation).ConfigureAwait(false);
        return cycles is null ? CardElements.Notice(request.Texts.OrganisersOnly(request.Committee)) : ExportCards.Offer(request.Texts, cycles);
    }
}
