using System.Collections.Concurrent;

namespace CooperationBot.Outbox;

/// <summary>
/// At most <c>limit</c> requests within any one second as Teams counts them. A request holds one of
/// <c>limit</c> permits from just before it is sent until a second after its answer came back. Teams
/// counts a request somewhere between those two moments, so requests a whole round of permits apart
/// are at least a second apart as Teams sees them, however late timers fire or answers come back.
/// </summary>
internal sealed class RateGate(int limit)
{
    /// <summary>A second, and a little more for the difference between the timer's clock and the wall clock.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1.01);

    private readonly SemaphoreSlim permits = new(Math.Max(limit, 1));

    /// <summary>Waits for a permit (in arrival order); dispose the permit once the answer has come back. No limit (0 or less): no wait.</summary>
    public async Task<IDisposable?> EnterAsync()
    {
        if (limit <= 0)
        {
            return null;
        }

        await permits.WaitAsync().ConfigureAwait(false);
        return new Permit(this);
    }

    /// <summary>Completes once every permit is back: this instance's last request is then a full second old.</summary>
    public async Task WhenQuietAsync()
    {
        while (limit > 0 && permits.CurrentCount < limit)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private async Task ReturnLaterAsync()
    {
        await Task.Delay(Window).ConfigureAwait(false);
        permits.Release();
    }

    private sealed class Permit(RateGate gate) : IDisposable
    {
        private int returned;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref returned, 1) == 0)
            {
                _ = gate.ReturnLaterAsync();
            }
        }
    }
}

/// <summary>
/// One <see cref="RateGate"/> per conversation (a conversation is sent from one lane at a time).
/// Kept for the life of the process: a few hundred bytes per person the bot has written to.
/// </summary>
internal sealed class ConversationGates(int perConversation)
{
    private readonly ConcurrentDictionary<string, RateGate> gates = new();

    public RateGate For(string conversation) => gates.GetOrAdd(conversation, _ => new RateGate(perConversation));
}
