namespace CooperationBot.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this instance delivers queued messages (enqueueing always works).</summary>
    public bool Enabled { get; set; } = true;

    public string QueueName { get; set; } = "cooperationbot-outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a received message stays hidden while one instance delivers it.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxAttempts { get; set; } = 8;

    /// <summary>First backoff when Teams gives no Retry-After; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Teams allows about 7 messages a second to one conversation.</summary>
    public int PerConversationPerSecond { get; set; } = 7;

    /// <summary>Teams allows about 50 messages a second per app per tenant.</summary>
    public int PerTenantPerSecond { get; set; } = 50;

    public int BatchSize { get; set; } = 16;
}
