using System.ComponentModel.DataAnnotations;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>The verbs of the export cards (entries of <see cref="CardVerbs"/>).</summary>
internal static class ExportVerbs
{
    public const string Create = "export.create";

    /// <summary>The button on the committee card: the export card in its place.</summary>
    public const string Offer = "export.offer";

    /// <summary>The button on the digest in a channel: the export card goes to the organiser's personal chat.</summary>
    public const string FromDigest = "export.fromDigest";
}

/// <summary>The verbs of the import preview card (entries of <see cref="CardVerbs"/>).</summary>
internal static class ImportVerbs
{
    public const string Confirm = "import.confirm";
    public const string Cancel = "import.cancel";
}

/// <summary>The export card's Create button: the cycle chosen (or the only one offered).</summary>
internal sealed record ExportCycleRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string CycleId);

/// <summary>Confirm or Cancel on an import preview: the pending import it showed.</summary>
internal sealed record ImportRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(@"^\d{14}-[0-9a-f]{32}$")] string ImportId);
