using CooperationBot.Conversations;
using CooperationBot.Tests.Conversations;
using Microsoft.Bot.Schema;

namespace CooperationBot.Tests.Access;

/// <summary>
/// Finding 8 of the security review: people and teams that are not the committee's grew the shared
/// documents (channel directory, conversation store) without bound. Only what the committee needs is kept.
/// </summary>
public sealed class SharedDocumentGrowthTests : IDisposable
{
    private const string CommitteeTeam = "19:committee@thread.tacv2";

    private readonly BotHarness bot = new();

    private ChannelDirectory Channels => bot.Get<ChannelDirectory>();

    private ConversationReferences Conversations => bot.Get<ConversationReferences>();

    private static Activity BotAddedToTeam(string teamId)
    {
        var activity = BotHarness.InChannel(BotHarness.Message(TestUser.Organiser, string.Empty), teamId);
        activity.Type = ActivityTypes.ConversationUpdate;
        activity.ChannelId = Microsoft.Bot.Connector.Channels.Msteams;
        activity.Text = null;
        activity.MembersAdded = [new ChannelAccount("28:bot", "CooperationBot")];
        activity.ChannelData = Newtonsoft.Json.Linq.JObject.FromObject(new { eventType = "teamMemberAdded", team = new { id = teamId, name = "某团队" }, tenant = new { id = "tenant-1" } });
        return activity;
    }

    [Fact]
    public async Task Someone_the_committee_does_not_list_leaves_no_conversation_behind()
    {
        await bot.SendAsync(BotHarness.Message(TestUser.Stranger, "help"));
        await bot.SendAsync(BotHarness.Message(TestUser.DicpContact, "help"));

        Assert.Null(await Conversations.FindAsync(TestUser.Stranger.AadObjectId, CancellationToken.None));
        Assert.NotNull(await Conversations.FindAsync(TestUser.DicpContact.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task A_stranger_who_installs_the_bot_is_welcomed_once_and_nothing_is_stored()
    {
        var update = BotHarness.Message(TestUser.Stranger, string.Empty);
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [new ChannelAccount("28:bot", "CooperationBot")];
        var installation = BotHarness.Message(TestUser.Stranger, string.Empty);
        installation.Type = ActivityTypes.InstallationUpdate;
        installation.Text = null;
        installation.Action = "add";

        var first = await bot.SendAsync(update);
        var second = await bot.SendAsync(installation);

        Assert.Single(first.Concat(second).OfType<IMessageActivity>());
        Assert.Contains("陌生人，您好", Cards.Texts(second), StringComparison.Ordinal);
        Assert.Null(await Conversations.FindAsync(TestUser.Stranger.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task Messages_from_a_team_that_is_not_the_committees_record_nothing()
    {
        await bot.SendAsync(BotHarness.InChannel(BotHarness.Message(TestUser.Stranger, "help"), "19:someone-elses-team@thread.tacv2"));
        await bot.SendAsync(BotHarness.InChannel(BotHarness.Message(TestUser.DicpContact, "help"), "19:another-team@thread.tacv2"));

        Assert.Empty((await Channels.GetAsync(CancellationToken.None)).Teams);
    }

    [Fact]
    public async Task Ids_longer_than_teams_makes_are_never_recorded()
    {
        var longTeam = "19:" + new string('t', 10_000) + "@thread.tacv2";
        var longUser = new TestUser(new string('a', 10_000), "长标识");

        var bind = await bot.SendAsync(BotHarness.InChannel(BotHarness.Message(TestUser.Organiser, "绑定本频道"), longTeam));
        await bot.SendAsync(BotAddedToTeam(longTeam));
        var help = await bot.SendAsync(BotHarness.Message(longUser, "help"));

        var directory = await Channels.GetAsync(CancellationToken.None);
        Assert.Empty(directory.Teams);
        Assert.Null(directory.Binding);
        Assert.DoesNotContain("已绑定", Cards.Texts(bind), StringComparison.Ordinal);
        Assert.Contains("您尚未登记为单位联络人或组织方", Cards.Texts(help), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joining_many_teams_keeps_the_directory_bounded_and_the_bound_team()
    {
        await bot.SendAsync(BotHarness.InChannel(BotHarness.Message(TestUser.Organiser, "绑定本频道"), CommitteeTeam));

        for (var i = 0; i < ConversationLimits.Teams + 10; i++)
        {
            bot.Clock.Advance(TimeSpan.FromMinutes(1));
            await bot.SendAsync(BotAddedToTeam($"19:team-{i}@thread.tacv2"));
        }

        var directory = await Channels.GetAsync(CancellationToken.None);
        Assert.Equal(ConversationLimits.Teams, directory.Teams.Count);
        Assert.Contains(directory.Teams, t => t.TeamId == CommitteeTeam);
        Assert.Contains(directory.Teams, t => t.TeamId == $"19:team-{ConversationLimits.Teams + 9}@thread.tacv2");
    }

    public void Dispose() => bot.Dispose();
}
