using System.Net.Sockets;
using CooperationBot.Hosting;
using CooperationBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace CooperationBot.Tests.Http;

/// <summary>
/// Without an app id nothing is authenticated, so the bot must be reachable from this machine only,
/// whichever setting names its addresses.
/// </summary>
public sealed class LoopbackGuardTests
{
    [Theory]
    [InlineData("--Kestrel:Endpoints:Web:Url", "http://0.0.0.0:5000")]
    [InlineData("--Kestrel:Endpoints:Web:Url", "http://*:5000")]
    [InlineData("--Kestrel:Endpoints:Web:Url", "http://bot.example.org:5000")]
    [InlineData("--http_ports", "8080")]
    [InlineData("--https_ports", "8443")]
    [InlineData("--urls", "http://[::]:5000")]
    public void Without_an_app_id_any_setting_that_listens_beyond_loopback_stops_start_up(string setting, string value)
    {
        var builder = WebApplication.CreateBuilder([setting, value]);

        var error = Assert.Throws<InvalidOperationException>(() => LocalHosting.Apply(builder));

        Assert.Contains("loopback only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_app_id_a_loopback_kestrel_endpoint_is_accepted()
    {
        var builder = WebApplication.CreateBuilder(["--Kestrel:Endpoints:Web:Url", "http://127.0.0.1:5000"]);

        LocalHosting.Apply(builder);

        Assert.Null(builder.Configuration["urls"]);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://192.168.1.5:3978")]
    public async Task Without_an_app_id_a_bound_address_beyond_loopback_is_caught_after_start(string address)
    {
        var check = new BoundAddressCheck(new FakeServer("http://127.0.0.1:3978", address), NullLogger<BoundAddressCheck>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartedAsync(CancellationToken.None));

        Assert.Contains(address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_bound_addresses_pass_the_check_after_start()
    {
        var check = new BoundAddressCheck(new FakeServer("http://127.0.0.1:3978", "http://[::1]:3978", "http://localhost:5000"), NullLogger<BoundAddressCheck>.Instance);

        await check.StartedAsync(CancellationToken.None);
    }

    public static TheoryData<string, string> EnvironmentSources => new()
    {
        { "Kestrel__Endpoints__Http__Url", "http://0.0.0.0:{port}" },
        { "ASPNETCORE_URLS", "http://0.0.0.0:{port}" },
        { "ASPNETCORE_HTTP_PORTS", "{port}" },
    };

    [Theory]
    [MemberData(nameof(EnvironmentSources))]
    public async Task The_bot_process_without_an_app_id_refuses_to_start_on_every_interface(string variable, string value)
    {
        var port = FreePort.Next();
        using var bot = BotProcess.Launch(
            new Dictionary<string, string>
            {
                [variable] = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
                ["Storage__LocalFolder"] = Directory.CreateTempSubdirectory("bot-guard-").FullName,
            },
            port,
            arguments: []);

        var exited = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exited, "the bot kept running:\n" + bot.Output);
        Assert.NotEqual(0, bot.ExitCode);
        Assert.Contains("loopback only", bot.Output, StringComparison.Ordinal);
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", port));
    }

    private sealed class FakeServer : IServer
    {
        public FakeServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }

        private sealed class ServerAddressesFeature : IServerAddressesFeature
        {
            public ICollection<string> Addresses { get; } = [];

            public bool PreferHostingUrls { get; set; }
        }
    }
}
