using System.ComponentModel.DataAnnotations;

namespace CooperationBot.Reports;

public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// How long a save remembers the Teams activity that made it, so that a redelivery of that activity
    /// changes nothing. Teams and the Bot Connector redeliver within seconds to minutes; an hour is a
    /// wide margin, and older ids are dropped so the report document does not grow with its history.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan OperationMemory { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A hard bound on the remembered operations, so that no rate of saves can grow the document every
    /// save rewrites. Far above the changes one unit makes within a redelivery window; and forgetting
    /// early is safe, because a redelivered activity carries its card's old version and is then a told
    /// conflict, never a second revision.
    /// </summary>
    public const int MaxRememberedOperations = 50;
}
