using CooperationBot.Exports;
using CooperationBot.Teams.Digests;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Exports;

/// <summary>Teams side of exports: the `export` command, the Create button, and the export button on digests.</summary>
internal sealed class ExportActions(ExportService exports, DigestActions digests, ConversationReferences conversations, IConfiguration configuration)
{
    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    public async Task ShowOfferAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        var cycles = user.Identity is null ? null : await exports.CyclesAsync(user.Identity, cancellationToken).ConfigureAwait(false);
        IActivity reply = cycles is null
            ? MessageFactory.Text(user.Texts.OrganisersOnly(user.Committee))
            : MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = ExportCards.Offer(user.Texts, cycles) });
        await turn.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    public Task<JObject> ExecuteAsync(ITurnContext turn, string verb, JObject? data, TurnUser user, CancellationToken cancellationToken) => verb switch
    {
        ExportVerbs.FromDigest => FromDigestAsync(turn, data, user, cancellationToken),
        ExportVerbs.Offer => OfferAsync(user, cancellationToken),
        _ => CreateAsync((string?)data?[ExportCards.CycleInput] ?? string.Empty, user, cancellationToken),
    };

    private async Task<JObject> OfferAsync(TurnUser user, CancellationToken cancellationToken)
    {
        var cycles = user.Identity is null ? null : await exports.CyclesAsync(user.Identity, cancellationToken).ConfigureAwait(false);
        return cycles is null ? CardElements.Card([CardElements.Text(user.Texts.OrganisersOnly(user.Committee))]) : ExportCards.Offer(user.Texts, cycles);
    }

    private async Task<JObject> CreateAsync(string cycleId, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var outcome = user.Identity is null ? new ExportOutcome.Refused() : await exports.CreateAsync(user.Identity, cycleId, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            ExportOutcome.Ready ready => ExportCards.Ready(t, ready, user.Committee.TimeZone),
            ExportOutcome.UnknownCycle unknown => ExportCards.Offer(t, unknown.Cycles, t["Export_UnknownCycle"]),
            _ => CardElements.Card([CardElements.Text(t.OrganisersOnly(user.Committee))]),
        };
    }

    /// <summary>
    /// The digest sits in a channel everyone reads: the export card, with its download links, goes to the
    /// organiser's personal chat, and the digest they clicked comes back with a note saying where to look.
    /// </summary>
    private async Task<JObject> FromDigestAsync(ITurnContext turn, JObject? data, TurnUser user, CancellationToken cancellationToken)
    {
        var t = user.Texts;
        var name = user.Identity?.DisplayName ?? string.Empty;
        var cycles = user.Identity is null ? null : await exports.CyclesAsync(user.Identity, cancellationToken).ConfigureAwait(false);
        string notice;
        if (cycles is null)
        {
            notice = t.Format("Export_NotOrganiserOnCard", name);
        }
        else if (await conversations.FindAsync(user.Identity!.AadObjectId, cancellationToken).ConfigureAwait(false) is not { } personal)
        {
            notice = t.Format("Export_NoPersonalChat", name);
        }
        else
        {
            var offer = MessageFactory.Attachment(new Attachment { ContentType = CardElements.ContentType, Content = CardLanguage.Stamp(ExportCards.Offer(t, cycles), t.Culture) });
            await turn.Adapter.ContinueConversationAsync(BotAppId, personal.ToReference(), (personalTurn, ct) => personalTurn.SendActivityAsync(offer, ct), cancellationToken).ConfigureAwait(false);
            notice = t.Format("Export_SentToPersonal", name);
        }

        return ExportCards.WithNotice(await digests.RefreshAsync(data, cancellationToken).ConfigureAwait(false), notice);
    }
}
