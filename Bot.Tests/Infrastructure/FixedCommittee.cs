using CooperationBot.Committees;
using CooperationBot.Storage;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>A committee that does not change, for tests of one feature service built by hand.</summary>
public sealed class FixedCommittee(Committee committee) : ICommitteeSource
{
    public DocumentKeys Keys { get; } = new(committee.Id);

    public ValueTask<Committee> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(committee);
}
