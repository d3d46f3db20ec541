using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reach;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Reach;

/// <summary>What organisers see about reaching people: the summary of a run and the button that starts one.</summary>
internal static class ReachCards
{
    /// <summary>Reached before / reached now / could not reach, with the reason for each person in plain words.</summary>
    public static JObject Summary(Texts t, Committee committee, ReachReport report)
    {
        var body = new List<JToken?>
        {
            Text(t["Reach_Title"], size: "medium", weight: "bolder"),
            Text(t.Format("Reach_Counts", report.Before.Count, report.Now.Count, report.NotReached.Count)),
        };
        if (report.Now.Count > 0)
        {
            body.Add(Text(t["Reach_NowHeader"], weight: "bolder"));
            body.Add(Literal(t.List(report.Now.Select(o => Who(t, committee, o.Person)))));
        }

        if (report.NotReached.Count > 0)
        {
            body.Add(Text(t["Reach_NotReachedHeader"], weight: "bolder", color: "attention"));
            body.AddRange(report.NotReached.Select(o => new JObject
            {
                ["type"] = "RichTextBlock",
                ["inlines"] = new JArray(
                    new JObject { ["type"] = "TextRun", ["text"] = "• " + Who(t, committee, o.Person) + t["Reach_ReasonSeparator"], ["weight"] = "bolder" },
                    new JObject { ["type"] = "TextRun", ["text"] = Reason(t, o) }),
            }));
        }
        else
        {
            body.Add(Text(t["Reach_AllReached"], color: "good"));
        }

        return Card(body);
    }

    /// <summary>Graph is off: the bot can only say who has not opened it, so organisers contact them another way.</summary>
    public static JObject NotConfigured(Texts t, Committee committee, IReadOnlyList<Person> notOpened) => Card(
    [
        Text(t["Reach_Title"], size: "medium", weight: "bolder"),
        Text(t["Reach_NotConfigured"]),
        notOpened.Count == 0
            ? Text(t["Reach_NotConfiguredNone"], color: "good")
            : Literal(t.Format("Reach_NotConfiguredPeople", t.List(notOpened.Select(p => Who(t, committee, p))))),
    ]);

    /// <summary>Under the remind answer: the offer to reach everyone else too; clicking it turns this card into the summary.</summary>
    public static JObject Offer(Texts t) => Card([Text(t["Reach_Offer"], subtle: true)], [Button(t, new JObject())]);

    /// <summary>The "reach everyone" button; <paramref name="data"/> says which card it sits on (a digest carries its id).</summary>
    public static JObject Button(Texts t, JObject data) => Execute(t["Reach_Button"], FrontDoor.Verbs.ReachEveryone, data);

    /// <summary>Why someone could not be reached, with what would fix it.</summary>
    public static string Reason(Texts t, ReachOutcome outcome) => outcome.Problem?.Reason switch
    {
        ReachFailure.NotInDirectory => t.Format("Reach_Reason_NotInDirectory", outcome.Person.Upn ?? outcome.Person.AadObjectId),
        ReachFailure.BlockedByPolicy => t["Reach_Reason_BlockedByPolicy"],
        ReachFailure.NotInCatalog => t["Reach_Reason_NotInCatalog"],
        ReachFailure.MissingPermission => t.Format("Reach_Reason_MissingPermission", outcome.Problem.Detail),
        ReachFailure.NotLicensed => t["Reach_Reason_NotLicensed"],
        ReachFailure.Refused => t.Format("Reach_Reason_Refused", outcome.Problem.Detail),
        _ => t["Reach_Reason_GraphUnavailable"],
    };

    /// <summary>"大连化物所联络员（大连化物所）" or "马越红（组织方）": the name and why the committee lists them.</summary>
    private static string Who(Texts t, Committee committee, Person person)
    {
        var key = ReachRecords.KeyOf(person);
        var roles = committee.Units.Where(u => u.Contacts.Any(c => ReachRecords.KeyOf(c) == key)).Select(u => u.ShortName.For(t.Culture)).ToList();
        if (committee.Organisers.Any(o => ReachRecords.KeyOf(o) == key))
        {
            roles.Add(t["Reach_Organiser"]);
        }

        return t.Format("Reach_Who", person.Name, t.List(roles));
    }
}
