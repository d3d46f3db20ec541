using System.Globalization;
using System.Text;

namespace CooperationBot.Reports;

/// <summary>The report card's three inputs exactly as the user typed them.</summary>
public sealed record ReportForm(string Achievements, string Priorities, string Remark)
{
    /// <summary>Answers about the previous cycle's priorities, when there are any.</summary>
    public IReadOnlyList<FollowUpInput> FollowUps { get; init; } = [];

    public static ReportForm From(ReportContent content) => new(
        string.Join('\n', content.Achievements), string.Join('\n', content.Priorities), content.Remark ?? string.Empty)
    {
        FollowUps = content.FollowUps.Select((f, i) => new FollowUpInput(i, f.Status?.ToString() ?? string.Empty, f.Note ?? string.Empty)).ToList(),
    };
}

public enum ReportField
{
    Achievements,
    Priorities,
    Remark,
    Report,

    /// <summary>The status of one previous priority; the error's argument is its 1-based number.</summary>
    FollowUpStatus,

    /// <summary>The note on one previous priority; the error's argument is its 1-based number.</summary>
    FollowUpNote,
}

public enum ReportError
{
    Required,
    TooManyItems,
    ItemTooLong,
    TooLong,
    ReportTooLarge,
}

/// <summary>A problem with one field; <see cref="Argument"/> is the limit or the 1-based item number.</summary>
public sealed record FieldError(ReportField Field, ReportError Error, int Argument = 0);

public static class ReportRules
{
    public const int MaxItems = 30;
    public const int MaxItemLength = 500;
    public const int MaxRemarkLength = 2000;
    public const int MaxReportBytes = 20 * 1024;

    /// <summary>List markers people type (ASCII, Word's bullets, the Chinese middle dots).</summary>
    private const string ListMarkers = "-*•·・";

    /// <summary>
    /// Turns the typed text into a report, one item per line that shows something. Each item is kept
    /// exactly as typed, except the spaces around it and one list marker the user evidently added (a
    /// marker followed by a space at the start of the line): "-30% energy" and "**新型催化剂**" stay as
    /// they are. A draft may be incomplete; a submission needs at least one achievement and one priority.
    /// </summary>
    public static (ReportContent Content, IReadOnlyList<FieldError> Errors) Parse(ReportForm form, bool forSubmit)
    {
        var errors = new List<FieldError>();
        var achievements = Items(form.Achievements, ReportField.Achievements, forSubmit, errors);
        var priorities = Items(form.Priorities, ReportField.Priorities, forSubmit, errors);
        var remark = IsBlank(form.Remark) ? string.Empty : form.Remark.Trim();
        if (remark.Length > MaxRemarkLength)
        {
            errors.Add(new FieldError(ReportField.Remark, ReportError.TooLong, MaxRemarkLength));
        }

        var content = new ReportContent(achievements, priorities, remark.Length == 0 ? null : remark);
        var size = achievements.Concat(priorities).Append(remark).Sum(Encoding.UTF8.GetByteCount);
        if (size > MaxReportBytes)
        {
            errors.Add(new FieldError(ReportField.Report, ReportError.ReportTooLarge, MaxReportBytes / 1024));
        }

        return (content, errors);
    }

    private static List<string> Items(string text, ReportField field, bool required, List<FieldError> errors)
    {
        var items = text.Split('\n')
            .Select(line => WithoutListMarker(line.Trim()))
            .Where(line => !IsBlank(line))
            .ToList();
        if (required && items.Count == 0)
        {
            errors.Add(new FieldError(field, ReportError.Required));
        }

        if (items.Count > MaxItems)
        {
            errors.Add(new FieldError(field, ReportError.TooManyItems, MaxItems));
        }

        var tooLong = items.FindIndex(i => i.Length > MaxItemLength);
        if (tooLong >= 0)
        {
            errors.Add(new FieldError(field, ReportError.ItemTooLong, tooLong + 1));
        }

        return items;
    }

    /// <summary>A lone marker is an empty bullet; a marker before a space is the user's list syntax; anything else is content.</summary>
    private static string WithoutListMarker(string line) =>
        line.Length == 0 || !ListMarkers.Contains(line[0], StringComparison.Ordinal) ? line
        : line.Length == 1 ? string.Empty
        : char.IsWhiteSpace(line[1]) ? line[1..].TrimStart()
        : line;

    /// <summary>
    /// True when the text shows nothing: only spaces, format characters (U+200B zero width space, U+FEFF,
    /// joiners), controls, marks without a base character, or the "blank" letters used to fake empty names.
    /// </summary>
    public static bool IsBlank(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var invisible = Rune.IsWhiteSpace(rune)
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
            if (!invisible)
            {
                return false;
            }
        }

        return true;
    }
}
