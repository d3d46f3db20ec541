using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>Card data that names a unit: the front door checks the sender is its contact when the table says so.</summary>
internal interface IUnitCardData
{
    string UnitId { get; }
}

/// <summary>
/// How large and what shape card data may be. Ids become parts of storage keys; typed text may exceed the
/// features' own limits (they answer with the error next to the field), only not without bound.
/// </summary>
internal static class CardLimits
{
    public const int IdLength = 64;
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
    public const int ShortText = 64;
    public const int TypedText = 32 * 1024;
    public const int TypedInputs = 200;
    public const int DataChars = 256 * 1024;
}

/// <summary>A button that carries nothing but its verb.</summary>
internal sealed record NoData;

/// <summary>A button about one unit (e.g. a unit's directives).</summary>
internal sealed record UnitRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string UnitId) : IUnitCardData;

/// <summary>A report card button that opens or edits: unit, cycle and the version the card showed.</summary>
internal sealed record ReportRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string UnitId,
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string CycleId,
    [property: Range(0, int.MaxValue)] int BaseVersion = 0) : IUnitCardData;

/// <summary>Save draft or Submit: the report card's own fields and what was typed.</summary>
internal sealed record ReportSave(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string UnitId,
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string CycleId,
    [property: Range(0, int.MaxValue)] int BaseVersion,
    [property: StringLength(CardLimits.TypedText)] string Achievements = "",
    [property: StringLength(CardLimits.TypedText)] string Priorities = "",
    [property: StringLength(CardLimits.TypedText)] string Remark = "") : IUnitCardData, IValidatableObject
{
    /// <summary>The follow-up inputs of last cycle's priorities ("followup.{n}.status", "followup.{n}.note").</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Inputs { get; init; }

    public string? Input(string id) => Inputs is not null && Inputs.TryGetValue(id, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Inputs?.Count ?? 0) > CardLimits.TypedInputs || Inputs?.Any(i => i.Key.StartsWith("followup.", StringComparison.Ordinal) && !CardDataBinder.IsShortString(i.Value, CardLimits.TypedText)) == true)
        {
            yield return new ValidationResult("inputs", [nameof(Inputs)]);
        }
    }
}

/// <summary>
/// A unit's directive card: the version of each section the card showed, and one status, note and
/// needs input per directive (their ids carry the directive's id, so they arrive as extra properties).
/// </summary>
internal sealed record DirectiveProgressSave(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string UnitId,
    IReadOnlyDictionary<string, int>? Versions = null) : IUnitCardData, IValidatableObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>What was typed into the input with this id ("" when the client sent none).</summary>
    public string Input(string id) => Inputs is not null && Inputs.TryGetValue(id, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    public int VersionOf(string directiveId) => Versions?.GetValueOrDefault(directiveId) ?? 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Versions?.Count ?? 0) > CardLimits.TypedInputs || Versions?.Any(v => v.Key.Length > CardLimits.IdLength || v.Value < 0) == true)
        {
            yield return new ValidationResult("versions", [nameof(Versions)]);
        }

        // Per-directive inputs have ids like "status.d1"; other extra properties are ignored, as on every record.
        if ((Inputs?.Count ?? 0) > CardLimits.TypedInputs || Inputs?.Any(i => i.Key.Contains('.', StringComparison.Ordinal) && !CardDataBinder.IsShortString(i.Value, CardLimits.TypedText)) == true)
        {
            yield return new ValidationResult("inputs", [nameof(Inputs)]);
        }
    }
}

/// <summary>A directive button on the organisers' cards.</summary>
internal sealed record DirectiveRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string DirectiveId);

/// <summary>The directive edit card: the version it showed and what the organiser typed.</summary>
internal sealed record DirectiveDefinitionSave(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string DirectiveId,
    [property: Range(0, int.MaxValue)] int BaseVersion,
    [property: StringLength(CardLimits.TypedText)] string TextZh = "",
    [property: StringLength(CardLimits.TypedText)] string TextEn = "",
    [property: StringLength(CardLimits.TypedText)] string Owners = "",
    [property: StringLength(CardLimits.ShortText)] string DueDate = "");

/// <summary>A history button: a directive's, or the unit chosen in the overview's picker.</summary>
internal sealed record HistoryRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string? DirectiveId = null,
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string? HistoryUnit = null);

/// <summary>
/// The committee administration cards: their own ids plus every field of the part being edited. Values must
/// be short strings or numbers; the committee rules then check each field and answer next to it.
/// </summary>
internal sealed record CommitteeCardData : IValidatableObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Fields?.Count ?? 0) > CardLimits.TypedInputs || Fields?.Any(f => f.Key.Length > CardLimits.IdLength
            || (f.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? f.Value.GetRawText().Length > CardLimits.TypedText
                : !(CardDataBinder.IsShortString(f.Value, CardLimits.TypedText) || f.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))) == true)
        {
            yield return new ValidationResult("fields", [nameof(Fields)]);
        }
    }

    /// <summary>The fields as the committee cards read them.</summary>
    public Newtonsoft.Json.Linq.JObject ToJObject() =>
        Newtonsoft.Json.Linq.JObject.Parse(JsonSerializer.Serialize(Fields ?? []));
}

/// <summary>One unit's report in an earlier cycle.</summary>
internal sealed record PastReportRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string CycleId,
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string UnitId) : IUnitCardData;

/// <summary>The digest's Refresh button.</summary>
internal sealed record DigestRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string DigestId);

/// <summary>
/// The one place card data (an invoke's action.data) becomes a typed record: anything missing, of the
/// wrong JSON type, too long or too large is refused as a whole, before any feature sees it.
/// </summary>
internal static class CardDataBinder
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 8,
    };

    public static bool TryBind(Type type, JsonElement data, out object? bound)
    {
        bound = null;
        if (data.ValueKind != JsonValueKind.Object || data.GetRawText().Length > CardLimits.DataChars)
        {
            return false;
        }

        try
        {
            bound = JsonSerializer.Deserialize(data, type, Options);
        }
        catch (JsonException)
        {
            return false;
        }

        return bound is not null && Validator.TryValidateObject(bound, new ValidationContext(bound), null, validateAllProperties: true);
    }

    public static bool IsShortString(JsonElement value, int maxLength) =>
        value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= maxLength;
}
