using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>One unit: its names in both languages and its contacts; or a new unit, with its id.</summary>
internal static class UnitCard
{
    public static JObject Edit(Texts t, Committee c, Unit unit, UnitInput? typed, AdminCardState state)
    {
        var body = new List<JToken?>
        {
            Title(t.Format("Unit_EditTitle", unit.ShortName.For(t.Culture))),
            Banner(state),
        };
        body.AddRange(CardErrors(t, state));
        body.AddRange(Names(t, state, unit, typed));
        body.AddRange(PeopleSection(t, state, t.Format("Unit_Contacts", unit.Contacts.Count), unit.Contacts, typed?.Contacts));
        var data = new JObject { ["unitId"] = unit.Id, ["base"] = CommitteeRules.UnitVersion(unit), ["page"] = UnitsCard.PageOf(c, unit.Id) };
        return Card(body,
        [
            Save(t, CommitteeVerbs.SaveUnit, data),
            Execute(t["Unit_Action_Retire"], CommitteeVerbs.Retire, new JObject { ["unitId"] = unit.Id }, "destructive"),
            Execute(t["Unit_Action_List"], CommitteeVerbs.Units, new JObject { ["page"] = UnitsCard.PageOf(c, unit.Id) }),
            Back(t),
        ]);
    }

    public static JObject New(Texts t, UnitInput? typed, AdminCardState state)
    {
        var body = new List<JToken?> { Title(t["Unit_NewTitle"]), Banner(state) };
        body.AddRange(CardErrors(t, state));
        body.AddRange(Names(t, state, null, typed));
        body.AddRange(TextInput(t, state, AdminField.UnitId, AdminInputs.UnitId, t["Unit_Id"], typed?.UnitId ?? string.Empty, placeholder: t["Unit_IdPlaceholder"]));
        body.AddRange(PeopleSection(t, state, t.Format("Unit_Contacts", 0), [], typed?.Contacts));
        return Card(body,
        [
            Execute(t["Unit_Action_Add"], CommitteeVerbs.AddUnit, [], "positive"),
            Execute(t["Unit_Action_List"], CommitteeVerbs.Units, new JObject { ["page"] = 0 }),
        ]);
    }

    private static IEnumerable<JObject> Names(Texts t, AdminCardState state, Unit? unit, UnitInput? typed) =>
        TextInput(t, state, AdminField.ShortNameZh, AdminInputs.ShortNameZh, t["Unit_ShortNameZh"], typed?.ShortNameZh ?? unit?.ShortName.Zh ?? string.Empty)
            .Concat(TextInput(t, state, AdminField.ShortNameEn, AdminInputs.ShortNameEn, t["Unit_ShortNameEn"], typed?.ShortNameEn ?? unit?.ShortName.En ?? string.Empty))
            .Concat(TextInput(t, state, AdminField.FullNameZh, AdminInputs.FullNameZh, t["Unit_FullNameZh"], typed?.FullNameZh ?? unit?.FullName.Zh ?? string.Empty))
            .Concat(TextInput(t, state, AdminField.FullNameEn, AdminInputs.FullNameEn, t["Unit_FullNameEn"], typed?.FullNameEn ?? unit?.FullName.En ?? string.Empty));
}
