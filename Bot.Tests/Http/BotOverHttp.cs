using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>The bot over HTTP on a fresh embedded store, with a Bot Connector fake receiving what it sends.</summary>
public abstract class BotOverHttp : IAsyncLifetime
{
    protected FakeBotConnector Connector { get; private set; } = null!;

    protected BotApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await FakeBotConnector.StartAsync();
        App = new BotApp(StorageSettings.LocalFolder());
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
