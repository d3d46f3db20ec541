using CooperationBot.Scheduling;

namespace CooperationBot.Tests.Scheduling;

/// <summary>The name an instance signs its slot claims with: built from any host name and process id without failing.</summary>
public sealed class SchedulerInstanceIdTests
{
    [Theory]
    [InlineData("h", 1)]
    [InlineData("", 7)]
    [InlineData("ab", 42)]
    [InlineData("a-host-name-longer-than-anything-seen-in-a-container-or-a-vm", int.MaxValue)]
    public void An_instance_id_is_built_for_any_host_name_and_process_id(string machineName, int processId)
    {
        var id = Scheduler.InstanceId(machineName, processId, Guid.NewGuid());

        Assert.InRange(id.Length, 1, 40);
        Assert.Contains($"-{processId}-", id, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_processes_on_one_long_named_host_get_different_ids()
    {
        var host = new string('h', 60);

        var first = Scheduler.InstanceId(host, 1234, Guid.NewGuid());
        var second = Scheduler.InstanceId(host, 1234, Guid.NewGuid());

        Assert.NotEqual(first, second);
    }
}
