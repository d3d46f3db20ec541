namespace CooperationBot.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this instance competes for the dispatch lease and delivers (enqueueing always works).</summary>
    public bool Enabled { get; set; } = true;

    public string QueueName { get; set; } = "cooperationbot-outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a received message stays hidden, and a ledger claim holds, while one instance delivers it.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxAttempts { get; set; } = 8;

    /// <summary>First backoff when Teams gives no Retry-After; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A retry due within this time waits in its conversation's lane, so later messages to that
    /// conversation stay behind it; a longer wait goes back to the queue.
    /// </summary>
    public TimeSpan InlineRetryLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Teams allows about 7 messages a second to one conversation.</summary>
    public int PerConversationPerSecond { get; set; } = 7;

    /// <summary>Teams allows about 50 messages a second per app per tenant (the whole fleet, as only the lease holder sends).</summary>
    public int PerTenantPerSecond { get; set; } = 50;

    /// <summary>Messages received and not yet settled at once: different conversations are sent in parallel.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>
    /// The dispatch lease: one instance at a time delivers, so the fleet shares Teams' limits. Another
    /// instance takes over this long after the holder stops renewing (at once after a graceful stop).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
}
