using CooperationBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CooperationBot.Tests.Outbox;

/// <summary>
/// Reminder fan-outs through a Bot Connector fake that throttles like Teams (7 a second per
/// conversation, 50 a second per tenant) and counts every second. Throughput itself is measured by
/// the benchmark in bench/Outbox; these runs check the guarantees, and keep the benchmark's code alive.
/// </summary>
public sealed class OutboxFleetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    [Fact]
    public async Task Reminders_through_a_throttling_Teams_arrive_once_each_in_order_and_no_second_goes_over_its_limits()
    {
        var result = await OutboxLoad.RunAsync(new LoadScenario(await OutboxHarness.AzuriteStorageAsync(), Contacts: 60, PerContact: 4, TeamsLimits: new TeamsLimits(), TimeLimit: TimeSpan.FromSeconds(60)), connector);
        output.WriteLine(result.ToString());

        Assert.Equal((240, 0, 0, 0), (result.Delivered, result.Lost, result.Doubled, result.OutOfOrder));
        Assert.True(result.Throttled == 0 && result.BusiestTenantSecond <= 50 && result.BusiestConversationSecond <= 7, result.ToString());
    }

    [Fact]
    public async Task Two_instances_on_one_storage_account_stay_within_Teams_limits_together_and_stopping_one_mid_run_loses_nothing()
    {
        var result = await OutboxLoad.RunAsync(new LoadScenario(await OutboxHarness.AzuriteStorageAsync(), Contacts: 1000, Instances: 2, TeamsLimits: new TeamsLimits(), StopFirstInstanceAt: 0.4, TimeLimit: TimeSpan.FromSeconds(90)), connector);
        output.WriteLine(result.ToString());

        Assert.Equal((1000, 0, 0), (result.Delivered, result.Lost, result.Doubled));
        Assert.True(result.Throttled == 0 && result.BusiestTenantSecond <= 50 && result.BusiestConversationSecond <= 7, result.ToString());
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("azurite")]
    public async Task With_the_limits_lifted_parallel_lanes_deliver_every_reminder_once_and_each_conversation_in_order(string storage)
    {
        var settings = storage == "azurite"
            ? await OutboxHarness.AzuriteStorageAsync()
            : new Dictionary<string, string?> { ["Storage:LocalFolder"] = Directory.CreateTempSubdirectory("outbox-load-").FullName };

        var result = await OutboxLoad.RunAsync(new LoadScenario(settings, Contacts: 100, PerContact: 3, Unlimited: true, TimeLimit: TimeSpan.FromSeconds(60)), connector);
        output.WriteLine(result.ToString());

        Assert.Equal((300, 0, 0, 0), (result.Delivered, result.Lost, result.Doubled, result.OutOfOrder));
    }
}
