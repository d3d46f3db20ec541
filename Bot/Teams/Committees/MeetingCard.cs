using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;
using static CooperationBot.Teams.Committees.AdminCardKit;

namespace CooperationBot.Teams.Committees;

/// <summary>The meeting: title, date and chair, in both languages.</summary>
internal static class MeetingCard
{
    public static JObject Build(Texts t, Committee c, MeetingInput? typed, AdminCardState state)
    {
        var m = c.Meeting;
        var body = new List<JToken?> { Title(t["Committee_Part_Meeting"]), Banner(state) };
        body.AddRange(CardErrors(t, state));
        body.AddRange(TextInput(t, state, AdminField.TitleZh, AdminInputs.TitleZh, t["Committee_TitleZh"], typed?.TitleZh ?? m.Title.Zh));
        body.AddRange(TextInput(t, state, AdminField.TitleEn, AdminInputs.TitleEn, t["Committee_TitleEn"], typed?.TitleEn ?? m.Title.En));
        body.AddRange(DateInput(t, state, AdminField.MeetingDate, AdminInputs.MeetingDate, t["Committee_MeetingDate"], typed?.Date ?? Date(m.Date)));
        body.AddRange(TextInput(t, state, AdminField.ChairZh, AdminInputs.ChairZh, t["Committee_ChairZh"], typed?.ChairZh ?? m.Chair.Zh));
        body.AddRange(TextInput(t, state, AdminField.ChairEn, AdminInputs.ChairEn, t["Committee_ChairEn"], typed?.ChairEn ?? m.Chair.En));
        return Card(body, [Save(t, CommitteeVerbs.SaveMeeting, new JObject { ["base"] = CommitteeRules.MeetingVersion(c) }), Back(t)]);
    }
}
