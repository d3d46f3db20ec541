using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Domain;

public sealed class CommitteeLoaderTests
{
    private static readonly string SamplePath = SampleCommittee.Path;

    private static JsonObject Sample() =>
        SampleCommittee.Json();

    private static CommitteeConfigurationException Rejects(JsonObject json) =>
        Assert.Throws<CommitteeConfigurationException>(() => CommitteeLoader.Parse(json.ToJsonString(), "test.json", demoMode: false));

    [Fact]
    public void The_sample_committee_is_the_2020_shenyang_meeting_with_nine_units_and_four_directives()
    {
        var committee = CommitteeLoader.LoadFile(SamplePath, demoMode: false);

        Assert.Equal(9, committee.Units.Count);
        Assert.Equal(4, committee.Directives.Count);
        Assert.Equal((2019, 2020), (committee.ReportingYear, committee.PlanYear));
        Assert.Equal("大连化物所", committee.Units[0].ShortName.Zh);
        Assert.Equal("韩恩厚", committee.Meeting.Chair.Zh);
        Assert.Equal("zh-CN", committee.DefaultLanguage.Name);
        Assert.Contains("卡脖子", committee.Directives[3].Text.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_mode_makes_the_playground_user_contact_of_the_first_unit_and_organiser()
    {
        var committee = CommitteeLoader.LoadFile(SamplePath, demoMode: true);
        var roles = new Membership(committee).RolesOf(new UserIdentity(DemoUser.AadObjectId, DemoUser.Name));

        Assert.Equal(["dicp"], roles.ContactOf.Select(u => u.Id));
        Assert.True(roles.IsOrganiser);
    }

    [Fact]
    public void Without_demo_mode_the_playground_user_has_no_role()
    {
        var committee = CommitteeLoader.LoadFile(SamplePath, demoMode: false);
        var roles = new Membership(committee).RolesOf(new UserIdentity(DemoUser.AadObjectId, DemoUser.Name));

        Assert.False(roles.IsContact);
        Assert.False(roles.IsOrganiser);
    }

    [Fact]
    public void A_contact_listed_by_upn_is_recognised_by_upn()
    {
        var committee = CommitteeLoader.LoadFile(SamplePath, demoMode: false);
        var roles = new Membership(committee).RolesOf(new UserIdentity("some-object-id", "x", "Contact@IMR.example.org"));

        Assert.Equal(["imr"], roles.ContactOf.Select(u => u.Id));
    }

    [Fact]
    public void A_missing_unit_name_is_named_by_its_path()
    {
        var json = Sample();
        json["units"]![2]!["shortName"]!.AsObject().Remove("zh");

        Assert.Contains("units[2].shortName.zh: is required", Rejects(json).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeZone", "Mars/Olympus", "timeZone: 'Mars/Olympus' is not a known time zone")]
    [InlineData("submissionDeadline", "30/06/2020", "submissionDeadline: '30/06/2020' is not a date in the form yyyy-MM-dd")]
    [InlineData("defaultLanguage", "fr-FR", "defaultLanguage: 'fr-FR' is not supported")]
    public void A_bad_value_is_reported_with_the_field_and_the_problem(string field, string value, string expected)
    {
        var json = Sample();
        json[field] = value;

        Assert.Contains(expected, Rejects(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var json = Sample();
        json["planYear"] = 2030;
        json["units"]![0]!["contacts"]![0]!.AsObject().Remove("upn");
        json["directives"]![1]!["id"] = "d1";

        var problems = Rejects(json).Problems;

        Assert.Contains("planYear: must be the year after reportingYear", problems);
        Assert.Contains("units[0].contacts[0]: needs aadObjectId or upn", problems);
        Assert.Contains("directives: id 'd1' is used more than once", problems);
    }

    [Fact]
    public void An_unknown_field_is_refused_rather_than_ignored()
    {
        var json = Sample();
        json["organizers"] = new JsonArray();

        Assert.Contains("organizers", Rejects(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_names_the_file_and_position()
    {
        var error = Assert.Throws<CommitteeConfigurationException>(() => CommitteeLoader.Parse("{ \"id\": ", "broken.json", demoMode: false));

        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
    }
}
