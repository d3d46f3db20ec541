using CooperationBot.Committees;
using CooperationBot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;

var builder = WebApplication.CreateBuilder(args);
LocalHosting.Apply(builder);
builder.Services.AddCooperationBot(builder.Configuration);

var app = builder.Build();

// Fail fast: a bad committee file stops start-up with a message naming the field.
app.Services.GetRequiredService<Committee>();

app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
    adapter.ProcessAsync(request, response, bot, cancellationToken));
app.MapHealthChecks("/healthz");
app.Run();

public partial class Program;
