using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Digests;

public sealed class ChannelDirectoryTests : IDisposable
{
    private const string Team = "19:team@thread.tacv2";
    private const string Announcements = "19:announcements@thread.tacv2";
    private readonly string folder = Directory.CreateTempSubdirectory("channels-").FullName;
    private readonly ChannelDirectory channels;

    public ChannelDirectoryTests()
    {
        var committee = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json"), demoMode: false);
        channels = new ChannelDirectory(new LocalFolderStore(folder), new DocumentKeys(committee.Id), new FakeTimeProvider(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Before_the_bot_is_in_a_team_there_is_no_meeting_channel()
    {
        var target = await channels.ResolveAsync(CancellationToken.None);

        Assert.Equal(MeetingChannelProblem.NoTeam, target.Problem);
        Assert.Null(target.Channel);
    }

    [Fact]
    public async Task Until_an_organiser_binds_a_channel_there_is_no_meeting_channel_even_in_a_known_team()
    {
        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [new KnownChannel(Announcements, "公告", false)], CancellationToken.None);

        var target = await channels.ResolveAsync(CancellationToken.None);

        Assert.Equal((null, false, MeetingChannelProblem.NotBound), (target.Channel, target.Bound, target.Problem));
    }

    [Fact]
    public async Task A_mention_of_the_bot_in_another_team_does_not_move_the_digest_there()
    {
        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [new KnownChannel(Announcements, "公告", false)], CancellationToken.None);
        await channels.BindAsync(Team, Announcements, "马越红", CancellationToken.None);

        await channels.RecordTeamAsync("19:other-team@thread.tacv2", "别的团队", "https://service/", "tenant", [], CancellationToken.None);
        var target = await channels.ResolveAsync(CancellationToken.None);

        Assert.Equal((Team, Announcements, true), (target.Team!.TeamId, target.Channel!.Id, target.Bound));
    }

    [Fact]
    public async Task A_bound_channel_is_used_and_when_deleted_the_general_channel_is_used_and_organisers_are_told()
    {
        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [new KnownChannel(Announcements, "公告", false)], CancellationToken.None);
        await channels.BindAsync(Team, Announcements, "马越红", CancellationToken.None);
        Assert.Equal(Announcements, (await channels.ResolveAsync(CancellationToken.None)).Channel!.Id);

        await channels.RecordChannelDeletedAsync(Team, Announcements, CancellationToken.None);
        var target = await channels.ResolveAsync(CancellationToken.None);

        Assert.Equal((Team, MeetingChannelProblem.BoundChannelDeleted), (target.Channel!.Id, target.Problem));
    }

    [Fact]
    public async Task When_the_bot_is_removed_from_its_only_team_organisers_are_told_there_is_no_channel()
    {
        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [], CancellationToken.None);
        await channels.BindAsync(Team, Team, "马越红", CancellationToken.None);

        await channels.RecordBotRemovedAsync(Team, CancellationToken.None);
        var target = await channels.ResolveAsync(CancellationToken.None);

        Assert.Equal(MeetingChannelProblem.BotRemovedFromTeam, target.Problem);
        Assert.Null(target.Channel);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
