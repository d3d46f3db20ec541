using EchoBot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

// The smallest Bot Builder bot on the same stack as CooperationBot (ASP.NET Core, CloudAdapter,
// configuration authentication): the yardstick of the load run. Anonymous, so loopback only.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:3979";
if (!string.IsNullOrEmpty(builder.Configuration["MicrosoftAppId"]) || !urls.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
{
    throw new InvalidOperationException("The echo bot runs anonymously on 127.0.0.1 only.");
}

builder.WebHost.UseUrls(urls);
builder.Services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(builder.Configuration));
builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>()));
builder.Services.AddTransient<IBot, Echo>();

var app = builder.Build();
app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
    adapter.ProcessAsync(request, response, bot, cancellationToken));
app.MapGet("/healthz", () => "ok");
await app.RunAsync();
