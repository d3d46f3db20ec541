using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>
/// The meeting's list of directives: drop some, add new ones one per line. A directive's text, owners and
/// due date are then edited on the directives overview, where its progress is tracked.
/// </summary>
internal static class DirectivesListCard
{
    public static JObject Build(Texts t, Committee c, DirectivesInput? typed, AdminCardState state)
    {
        var body = new List<JToken?>
        {
            Title(t.Format("Committee_Part_Directives", c.Directives.Count)),
            Banner(state),
            Text(t["DirectivesList_Intro"], subtle: true),
        };
        body.AddRange(CardErrors(t, state));
        if (c.Directives.Count == 0)
        {
            body.Add(Text(t["Committee_NoDirectives"], subtle: true));
        }

        for (var i = 0; i < c.Directives.Count; i++)
        {
            var d = c.Directives[i];
            body.Add(Literal($"{i + 1}. {CommitteeCard.Shorten(d.Text.For(t.Culture))}"));
            body.Add(RemoveToggle(i, t.Format("DirectivesList_Remove", i + 1), d.Id, typed?.Remove.Contains(d.Id) == true));
        }

        body.Add(ErrorOf(t, state, AdminField.Directives, "directives"));
        body.AddRange(TextInput(t, state, AdminField.NewDirectivesZh, AdminInputs.NewDirectivesZh, t["DirectivesList_NewZh"], typed?.NewZh ?? string.Empty, multiline: true));
        body.AddRange(TextInput(t, state, AdminField.NewDirectivesEn, AdminInputs.NewDirectivesEn, t["DirectivesList_NewEn"], typed?.NewEn ?? string.Empty, multiline: true));
        return Card(body, [Save(t, CommitteeVerbs.SaveDirectives, new JObject { ["base"] = CommitteeRules.DirectivesVersion(c) }), Back(t)]);
    }
}
