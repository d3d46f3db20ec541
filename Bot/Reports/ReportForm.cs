using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

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

public static partial class ReportRules
{
    public const int MaxItems = 30;
    public const int MaxItemLength = 500;
    public const int MaxRemarkLength = 2000;
    public const int MaxReportBytes = 20 * 1024;

    /// <summary>
    /// Turns the typed text into a report, one item per non-empty line. A draft may be incomplete;
    /// a submission needs at least one achievement and one priority.
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

    /// <summary>
    /// Removes only a list marker the user evidently added: one bullet followed by white space. "-30%",
    /// "--", "**bold**" are what the user meant and stay exactly as typed.
    /// </summary>
    private static string WithoutListMarker(string line)
    {
        var marker = ListMarker().Match(line);
        return marker.Success ? line[marker.Length..] : line;
    }

    /// <summary>Text made only of white space and invisible characters (zero-width spaces, joiners, BOMs) says nothing.</summary>
    private static bool IsBlank(string text) => text.All(c =>
        char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control);

    [GeneratedRegex(@"^[-*•·・]\s+")]
    private static partial Regex ListMarker();
}
