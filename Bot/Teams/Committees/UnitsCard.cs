using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>The member units, a page at a time (a card stays small for 500 units): edit, move up or down, reinstate a retired one.</summary>
internal static class UnitsCard
{
    public const int PageSize = 15;

    public static int PageOf(Committee c, string unitId) => Math.Max(0, c.Units.ToList().FindIndex(u => u.Id == unitId)) / PageSize;

    public static JObject Build(Texts t, Committee c, int page, AdminCardState state)
    {
        var pages = Math.Max(1, (c.Units.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var body = new List<JToken?>
        {
            Title(t.Format("Committee_Part_Units", c.Units.Count)),
            Banner(state),
            Text(t.Format("Units_Page", page + 1, pages), subtle: true),
        };
        body.AddRange(CardErrors(t, state));
        var first = page * PageSize;
        foreach (var (unit, i) in c.Units.Skip(first).Take(PageSize).Select((u, i) => (u, first + i)))
        {
            var data = new JObject { ["unitId"] = unit.Id, ["page"] = page };
            body.Add(Container(
            [
                Literal($"{i + 1}. {unit.ShortName.For(t.Culture)}", bold: true),
                Text(t.Format("Units_Contacts", unit.Contacts.Count == 0 ? t["Committee_NoContacts"] : t.List(unit.Contacts.Select(p => p.Name))), subtle: true),
                CommitteeCard.ActionSet(
                    Execute(t.Format("Units_Action_Edit", unit.ShortName.For(t.Culture)), CommitteeVerbs.EditUnit, data),
                    Execute(t["Units_Action_Up"], CommitteeVerbs.MoveUp, data),
                    Execute(t["Units_Action_Down"], CommitteeVerbs.MoveDown, data)),
            ], "emphasis"));
        }

        if (c.RetiredUnits.Count > 0)
        {
            body.Add(Text(t["Units_Retired"], weight: "bolder"));
            body.AddRange(c.RetiredUnits.Select(u => Container(
            [
                Literal(u.ShortName.For(t.Culture)),
                CommitteeCard.ActionSet(Execute(t.Format("Units_Action_Reinstate", u.ShortName.For(t.Culture)), CommitteeVerbs.Reinstate, new JObject { ["unitId"] = u.Id, ["page"] = page })),
            ])));
        }

        var actions = new List<JToken>();
        if (page > 0)
        {
            actions.Add(Execute(t["Units_Action_Previous"], CommitteeVerbs.Units, new JObject { ["page"] = page - 1 }));
        }

        if (page < pages - 1)
        {
            actions.Add(Execute(t["Units_Action_Next"], CommitteeVerbs.Units, new JObject { ["page"] = page + 1 }));
        }

        actions.Add(Execute(t["Committee_Action_NewUnit"], CommitteeVerbs.NewUnit, []));
        actions.Add(Back(t));
        return Card(body, actions);
    }
}
