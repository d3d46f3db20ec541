using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>The organisers: at least one always.</summary>
internal static class OrganisersCard
{
    public static JObject Build(Texts t, Committee c, PeopleEdit? typed, AdminCardState state)
    {
        var body = new List<JToken?> { Title(t.Format("Committee_Part_Organisers", c.Organisers.Count)), Banner(state) };
        body.AddRange(CardErrors(t, state));
        body.AddRange(PeopleSection(t, state, t["Committee_OrganisersListed"], c.Organisers, typed));
        return Card(body, [Save(t, CommitteeVerbs.SaveOrganisers, new JObject { ["base"] = CommitteeRules.OrganisersVersion(c) }), Back(t)]);
    }
}
