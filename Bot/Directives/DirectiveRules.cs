namespace CooperationBot.Directives;

public enum DirectiveField
{
    Status,
    Note,
    Needs,
    TextZh,
    TextEn,
    Owners,
    DueDate,
}

public enum DirectiveError
{
    Required,
    TooLong,
    UnknownStatus,
    NotADate,
    DateInPast,
    UnknownUnit,
}

/// <summary>A problem with one field of one directive's section of a card.</summary>
public sealed record DirectiveFieldError(string DirectiveId, DirectiveField Field, DirectiveError Error, int Argument = 0);

/// <summary>What a unit contact typed for one directive.</summary>
public sealed record ProgressInput(string DirectiveId, string Status, string Note, string Needs, int BaseVersion);

/// <summary>What an organiser typed for one directive's definition.</summary>
public sealed record DefinitionInput(string DirectiveId, string TextZh, string TextEn, IReadOnlyList<string> OwnerUnitIds, string DueDate, int BaseVersion);

public static class DirectiveRules
{
    public const int MaxNoteLength = 1000;
    public const int MaxTextLength = 1000;

    /// <summary>Exactly one defined status name: "InProgress, Done" or "2" would otherwise parse as flags or numbers.</summary>
    public static bool TryParseStatus(string value, out DirectiveStatus status)
    {
        var name = Enum.GetNames<DirectiveStatus>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        status = name is null ? default : Enum.Parse<DirectiveStatus>(name);
        return name is not null;
    }

    public static IReadOnlyList<DirectiveFieldError> Validate(ProgressInput input)
    {
        var errors = new List<DirectiveFieldError>();
        if (!TryParseStatus(input.Status, out var status))
        {
            errors.Add(new(input.DirectiveId, DirectiveField.Status, DirectiveError.UnknownStatus));
        }

        if (input.Note.Trim().Length > MaxNoteLength)
        {
            errors.Add(new(input.DirectiveId, DirectiveField.Note, DirectiveError.TooLong, MaxNoteLength));
        }

        if (input.Needs.Trim().Length > MaxNoteLength)
        {
            errors.Add(new(input.DirectiveId, DirectiveField.Needs, DirectiveError.TooLong, MaxNoteLength));
        }

        // Organisers can only help when they know what is needed and from whom.
        if (status == DirectiveStatus.Blocked && input.Needs.Trim().Length == 0)
        {
            errors.Add(new(input.DirectiveId, DirectiveField.Needs, DirectiveError.Required));
        }

        return errors;
    }

    public static IReadOnlyList<DirectiveFieldError> Validate(DefinitionInput input, IReadOnlySet<string> unitIds, DateOnly today, DateOnly currentDue, out DateOnly due)
    {
        var errors = new List<DirectiveFieldError>();
        foreach (var (field, text) in new[] { (DirectiveField.TextZh, input.TextZh), (DirectiveField.TextEn, input.TextEn) })
        {
            if (text.Trim().Length == 0)
            {
                errors.Add(new(input.DirectiveId, field, DirectiveError.Required));
            }
            else if (text.Trim().Length > MaxTextLength)
            {
                errors.Add(new(input.DirectiveId, field, DirectiveError.TooLong, MaxTextLength));
            }
        }

        if (input.OwnerUnitIds.Count == 0)
        {
            errors.Add(new(input.DirectiveId, DirectiveField.Owners, DirectiveError.Required));
        }
        else if (input.OwnerUnitIds.Any(id => !unitIds.Contains(id)))
        {
            errors.Add(new(input.DirectiveId, DirectiveField.Owners, DirectiveError.UnknownUnit));
        }

        if (!DateOnly.TryParseExact(input.DueDate.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out due))
        {
            errors.Add(new(input.DirectiveId, DirectiveField.DueDate, DirectiveError.NotADate));
        }
        else if (due != currentDue && due < today)
        {
            // An unchanged due date may lie in the past (the directive is overdue); a newly set one may not.
            errors.Add(new(input.DirectiveId, DirectiveField.DueDate, DirectiveError.DateInPast));
        }

        return errors;
    }
}
