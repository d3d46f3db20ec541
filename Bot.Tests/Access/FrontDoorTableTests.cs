using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Tests.Conversations;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Access;

/// <summary>
/// Walks the front door's table: every command and card verb, from every kind of sender, in every kind
/// of place. What the entry does not declare is refused by the front door, with its polite refusal;
/// what it declares gets through to the feature.
/// </summary>
public sealed class FrontDoorTableTests : IDisposable
{
    private const string CommitteeTeam = "19:committee@thread.tacv2";
    private const string OtherTeam = "19:other-team@thread.tacv2";

    private static readonly Texts Chinese = new(CultureInfo.GetCultureInfo("zh-CN"));

    private static readonly Committee TestCommittee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);

    private readonly BotHarness bot = new();

    /// <summary>A sender: who they are in the test committee, or no Entra identity at all.</summary>
    public enum Sender
    {
        NoIdentity,
        Stranger,
        ContactOfDicp,
        ContactOfOtherUnits,
        Organiser,
    }

    public enum Place
    {
        Personal,
        GroupChat,
        CommitteeTeamChannel,
        OtherTeamChannel,
    }

    /// <summary>Card data that every entry's record can bind: the card names the unit DICP, directive d1 and the latest digest.</summary>
    private static JObject AnyCardData() => new()
    {
        ["unitId"] = "dicp",
        ["cycleId"] = "2019-2020",
        ["baseVersion"] = 0,
        ["directiveId"] = "d1",
        ["digestId"] = "latest",
        ["historyUnit"] = "dicp",
        ["versions"] = new JObject { ["d1"] = 0 },
        ["achievements"] = "成果",
        ["priorities"] = "重点",
        ["remark"] = string.Empty,
        ["textZh"] = "任务",
        ["textEn"] = "Directive",
        ["owners"] = "dicp",
        ["dueDate"] = "2020-12-31",
        ["status.d1"] = "InProgress",
        ["note.d1"] = "推进中",
        ["needs.d1"] = string.Empty,
    };

    [Fact]
    public async Task Every_command_is_refused_to_the_senders_and_places_its_entry_does_not_declare()
    {
        await BindCommitteeTeamAsync();
        var refusals = CommandRefusals();
        var checkedCount = 0;
        var admitted = 0;
        foreach (var command in CommandCatalog.All)
        {
            foreach (var sender in Enum.GetValues<Sender>())
            {
                foreach (var place in Enum.GetValues<Place>())
                {
                    var text = command.TakesArgument ? command.Chinese + " 1" : command.Chinese;
                    var expected = Declares(command.Who, command.Scopes, sender, place, unitInData: null);
                    var replies = await SendOrAdmittedAsync(Located(BotHarness.Message(As(sender), text), sender, place));
                    var refused = replies is { Count: 1 } && replies[0] is IMessageActivity { Attachments: null or { Count: 0 } } m && refusals.Contains(m.Text ?? string.Empty);
                    Assert.True(refused != expected, $"{command.English} from {sender} in {place}: expected {(expected ? "admitted" : "refused")}, got {(refused ? "refused" : "admitted")}");
                    checkedCount++;
                    admitted += expected ? 1 : 0;
                }
            }
        }

        Assert.True(admitted > 0 && admitted < checkedCount);
    }

    [Fact]
    public async Task Every_card_verb_is_refused_to_the_senders_and_places_its_entry_does_not_declare()
    {
        await BindCommitteeTeamAsync();
        var refusals = CardRefusals();
        var checkedCount = 0;
        var admitted = 0;
        foreach (var route in CardVerbs.All)
        {
            foreach (var sender in Enum.GetValues<Sender>())
            {
                foreach (var place in Enum.GetValues<Place>())
                {
                    var expected = Declares(route.Who, route.Where, sender, place, unitInData: "dicp");
                    var (status, body) = await bot.InvokeAsync(Located(BotHarness.CardAction(As(sender), route.Verb, AnyCardData()), sender, place));
                    Assert.True(status == 200, $"{route.Verb} from {sender} in {place}: status {status}");
                    var refused = Cards.Text((JObject)body["value"]!) is var text && refusals.Contains(text);
                    Assert.True(refused != expected, $"{route.Verb} from {sender} in {place}: expected {(expected ? "admitted" : "refused")}, got {(refused ? "refused" : "admitted")}");
                    checkedCount++;
                    admitted += expected ? 1 : 0;
                }
            }
        }

        Assert.True(admitted > 0 && admitted < checkedCount);
    }

    [Fact]
    public void Every_verb_the_cards_use_is_in_the_table_once()
    {
        var verbs = new[] { typeof(Verbs), typeof(CommitteeVerbs) }
            .SelectMany(t => t.GetFields().Where(f => f.IsLiteral))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(verbs.Order(), CardVerbs.All.Select(r => r.Verb).Order());
        Assert.Equal(CardVerbs.All.Count, CardVerbs.All.Select(r => r.Verb).Distinct().Count());
    }

    /// <summary>What the table says, worked out from the test committee's people (not from the bot's code).</summary>
    private static bool Declares(Who who, CommandScopes where, Sender sender, Place place, string? unitInData)
    {
        var placeOk = place switch
        {
            Place.Personal => where.HasFlag(CommandScopes.Personal),
            Place.GroupChat => where.HasFlag(CommandScopes.GroupChat),
            _ => where.HasFlag(CommandScopes.Team),
        };
        var identity = sender != Sender.NoIdentity;
        var organiser = sender == Sender.Organiser;
        var contact = sender is Sender.ContactOfDicp or Sender.ContactOfOtherUnits;
        var contactOfUnit = unitInData is null ? contact : sender == Sender.ContactOfDicp;
        var roleOk = who.HasFlag(Who.Anyone)
            || (who.HasFlag(Who.Organiser) && organiser)
            || (who.HasFlag(Who.Contact) && contact)
            || (who.HasFlag(Who.ContactOfUnit) && contactOfUnit)
            || (who.HasFlag(Who.CommitteeTeam) && identity && place == Place.CommitteeTeamChannel);
        return placeOk && roleOk;
    }

    private static TestUser As(Sender sender) => sender switch
    {
        Sender.ContactOfDicp => TestUser.DicpContact,
        Sender.ContactOfOtherUnits => TestUser.TwoUnitContact,
        Sender.Organiser => TestUser.Organiser,
        _ => TestUser.Stranger,
    };

    private static Activity Located(Activity activity, Sender sender, Place place)
    {
        if (sender == Sender.NoIdentity)
        {
            activity.From.AadObjectId = null;
        }

        return place switch
        {
            Place.GroupChat => BotHarness.InGroupChat(activity),
            Place.CommitteeTeamChannel => BotHarness.InChannel(activity, CommitteeTeam),
            Place.OtherTeamChannel => BotHarness.InChannel(activity, OtherTeam),
            _ => activity,
        };
    }

    /// <summary>The replies, or none when the feature the front door let through needs more of Teams than the test adapter has.</summary>
    private async Task<IReadOnlyList<IActivity>> SendOrAdmittedAsync(Activity activity)
    {
        try
        {
            return await bot.SendAsync(activity);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return [];
        }
    }

    private async Task BindCommitteeTeamAsync()
    {
        var replies = await bot.SendAsync(BotHarness.InChannel(BotHarness.Message(TestUser.Organiser, "绑定本频道"), CommitteeTeam));
        Assert.Contains("已绑定", Cards.Texts(replies), StringComparison.Ordinal);
    }

    /// <summary>Every refusal the front door can give a command in Chinese: wrong place, or the role it asks for.</summary>
    private static HashSet<string> CommandRefusals()
    {
        var committee = TestCommittee;
        var organisers = Chinese.List(committee.Organisers.Select(o => o.Name));
        var refusals = new HashSet<string>
        {
            Chinese.Format("Refused_NotOrganiser", organisers),
            Chinese.Format("Refused_NotCommitteeTeam", organisers),
            Chinese.Format("NotContact_Message", committee.Meeting.Title.Zh, organisers),
        };
        foreach (var command in CommandCatalog.All)
        {
            refusals.Add(Chinese.Format("Scope_PersonalOnly", command.Chinese));
            refusals.Add(Chinese.Format("Scope_TeamOnly", command.Chinese));
            refusals.Add(Chinese.Format("Scope_NotHere", command.Chinese));
        }

        return refusals;
    }

    private static HashSet<string> CardRefusals()
    {
        var organisers = Chinese.List(TestCommittee.Organisers.Select(o => o.Name));
        return
        [
            Chinese.Format("Refused_NotOrganiser", organisers),
            Chinese.Format("Refused_NotCommitteeTeam", organisers),
            Chinese["Refused_NotContactOfUnit"],
            Chinese["Card_WrongPlace"],
        ];
    }

    public void Dispose() => bot.Dispose();
}
