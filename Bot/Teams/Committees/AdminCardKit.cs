using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Teams.FrontDoor;
using Newtonsoft.Json.Linq;
using static CooperationBot.Teams.CardElements;

namespace CooperationBot.Teams.Committees;

/// <summary>What an editing card shows besides the stored committee: why it came back, and the problems.</summary>
internal sealed record AdminCardState(IReadOnlyList<AdminFieldError> Errors, string? Banner, bool BannerIsProblem)
{
    /// <summary>Lines shown verbatim under the banner, e.g. what another organiser changed.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    public static AdminCardState Fresh { get; } = new([], null, false);

    public static AdminCardState Notice(string banner) => new([], banner, false);

    public static AdminCardState Problem(string banner, IReadOnlyList<AdminFieldError>? errors = null) => new(errors ?? [], banner, true);
}

/// <summary>Pieces every committee card uses: titles, banners, inputs with their error beneath, the people section.</summary>
internal static class AdminCardKit
{
    public static JObject Title(string text) => Text(text, size: "large", weight: "bolder");

    public static JObject? Banner(AdminCardState state) => state.Banner is null
        ? null
        : Container(
            [Text(state.Banner, weight: "bolder", color: state.BannerIsProblem ? "attention" : "good"), .. state.Details.Select(d => Literal(d))],
            state.BannerIsProblem ? "attention" : "emphasis");

    /// <summary>Problems that belong to no single field (the committee's own rules), under the banner.</summary>
    public static IEnumerable<JObject> CardErrors(Texts t, AdminCardState state) =>
        state.Errors.Where(e => e.Field == AdminField.Card).Select((e, i) => Error($"error-card-{i}", Describe(t, e)));

    public static IEnumerable<JObject> TextInput(Texts t, AdminCardState state, AdminField field, string id, string label, string value, bool multiline = false, string? placeholder = null)
    {
        var input = new JObject { ["type"] = "Input.Text", ["id"] = id, ["label"] = label, ["value"] = value, ["isMultiline"] = multiline };
        if (placeholder is not null)
        {
            input["placeholder"] = placeholder;
        }

        return WithError(t, state, field, input);
    }

    public static IEnumerable<JObject> DateInput(Texts t, AdminCardState state, AdminField field, string id, string label, string value) =>
        WithError(t, state, field, new JObject { ["type"] = "Input.Date", ["id"] = id, ["label"] = label, ["value"] = value });

    public static IEnumerable<JObject> WithError(Texts t, AdminCardState state, AdminField field, JObject input)
    {
        yield return input;
        if (ErrorOf(t, state, field, (string)input["id"]!) is { } error)
        {
            yield return error;
        }
    }

    /// <summary>The problems with one field, as one line meant to sit right under it.</summary>
    public static JObject? ErrorOf(Texts t, AdminCardState state, AdminField field, string id)
    {
        var errors = state.Errors.Where(e => e.Field == field).Select(e => Describe(t, e)).Distinct().ToList();
        return errors.Count == 0 ? null : Error($"error-{id}", string.Join(' ', errors));
    }

    public static JObject Choices(string id, string label, string value, IEnumerable<(string Title, string Value)> choices, bool multi = false, string style = "compact") => new()
    {
        ["type"] = "Input.ChoiceSet",
        ["id"] = id,
        ["label"] = label,
        ["value"] = value,
        ["style"] = style,
        ["isMultiSelect"] = multi,
        ["choices"] = new JArray(choices.Select(c => new JObject { ["title"] = c.Title, ["value"] = c.Value })),
    };

    /// <summary>An on/off switch whose value, when on, is what to remove.</summary>
    public static JObject RemoveToggle(int index, string title, string key, bool on) => new()
    {
        ["type"] = "Input.Toggle",
        ["id"] = AdminInputs.Remove(index),
        ["title"] = title,
        ["valueOn"] = key,
        ["valueOff"] = AdminInputs.Keep,
        ["value"] = on ? key : AdminInputs.Keep,
    };

    /// <summary>
    /// People already listed (each with a remove switch), Teams' people picker, and an e-mail/UPN with a
    /// name for someone the picker cannot find. What the organiser typed comes back as it was.
    /// </summary>
    public static IEnumerable<JToken> PeopleSection(Texts t, AdminCardState state, string heading, IReadOnlyList<Person> listed, PeopleEdit? typed)
    {
        yield return Text(heading, weight: "bolder");
        if (listed.Count == 0)
        {
            yield return Text(t["Committee_NobodyListed"], subtle: true);
        }

        for (var i = 0; i < listed.Count; i++)
        {
            var person = listed[i];
            var key = PersonKeys.Of(person);
            yield return Literal(person.Upn is null ? person.Name : $"{person.Name} <{person.Upn}>");
            yield return RemoveToggle(i, t.Format("Committee_Remove", person.Name), key, typed?.Remove.Contains(key) == true);
        }

        if (ErrorOf(t, state, AdminField.Listed, "listed") is { } listedError)
        {
            yield return listedError;
        }

        var picker = Choices(AdminInputs.People, t["Committee_PeoplePicker"], string.Join(',', typed?.Picked.Select(p => p.AadObjectId) ?? []),
            typed?.Picked.Where(p => p.Name is not null).Select(p => (p.Name!, p.AadObjectId)) ?? [], multi: true, style: "filtered");
        picker["choices.data"] = new JObject { ["type"] = "Data.Query", ["dataset"] = "graph.microsoft.com/users" };
        picker["placeholder"] = t["Committee_PeoplePickerPlaceholder"];
        foreach (var item in WithError(t, state, AdminField.People, picker))
        {
            yield return item;
        }

        yield return Text(t["Committee_OrTypeAddress"], subtle: true);
        foreach (var item in TextInput(t, state, AdminField.Address, AdminInputs.Address, t["Committee_Address"], typed?.TypedAddress ?? string.Empty, placeholder: "name@example.org"))
        {
            yield return item;
        }

        foreach (var item in TextInput(t, state, AdminField.PersonName, AdminInputs.PersonName, t["Committee_PersonName"], typed?.TypedName ?? string.Empty))
        {
            yield return item;
        }
    }

    public static JObject Back(Texts t) => Execute(t["Committee_Action_Back"], CommitteeVerbs.Open, []);

    public static JObject Save(Texts t, string verb, JObject data) => Execute(t["Committee_Action_Save"], verb, data, "positive");

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"saved by 马越红 at 2020-06-01 10:00", or that nothing changed.</summary>
    public static string SavedBanner(Texts t, Committee committee, CommitteeChange? change) => change is null
        ? t["Committee_NothingChanged"]
        : t.Format("Committee_Saved", change.ByName, TimeFormat.Local(change.At, committee.TimeZone));

    /// <summary>Who changed the part after the card was drawn; the organiser's own input stays on the card.</summary>
    public static string ConflictBanner(Texts t, Committee committee, CommitteeChange? theirs) => theirs is null
        ? t["Committee_ConflictUnknown"]
        : t.Format("Committee_Conflict", theirs.ByName, TimeFormat.Local(theirs.At, committee.TimeZone));

    public static string Describe(Texts t, AdminFieldError error) => error.Error switch
    {
        AdminError.Required => t["Committee_Error_Required"],
        AdminError.TooLong => t.Format("Committee_Error_TooLong", error.Argument),
        AdminError.NotADate => t["Committee_Error_NotADate"],
        AdminError.NotAYear => t["Committee_Error_NotAYear"],
        AdminError.NotATime => t["Committee_Error_NotATime"],
        AdminError.UnknownTimeZone => t["Committee_Error_UnknownTimeZone"],
        AdminError.NotAnAddress => t["Committee_Error_NotAnAddress"],
        AdminError.Duplicate when error.Field == AdminField.UnitId => t.Format("Committee_Error_DuplicateId", error.Argument),
        AdminError.Duplicate => t.Format("Committee_Error_DuplicateName", error.Argument),
        AdminError.LastOrganiser => t["Committee_Error_LastOrganiser"],
        AdminError.LastUnit => t["Committee_Error_LastUnit"],
        AdminError.TooMany => t.Format("Committee_Error_TooMany", error.Argument),
        AdminError.NameUnknown => t["Committee_Error_NameUnknown"],
        AdminError.ReportsExist => t["Committee_Error_ReportsExist"],
        AdminError.DateInPast => t["Committee_Error_DateInPast"],
        AdminError.YearNotAfter => t.Format("Committee_Error_YearNotAfter", error.Argument),
        AdminError.LinesDiffer => t.Format("Committee_Error_LinesDiffer", error.Argument),
        AdminError.InvalidId => t.Format("Committee_Error_InvalidId", error.Argument),
        AdminError.UnknownChoice => t["Committee_Error_UnknownChoice"],
        _ => t.Format("Committee_Error_Rejected", error.Argument),
    };
}
