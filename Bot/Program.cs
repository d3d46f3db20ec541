using CooperationBot.Committees;
using CooperationBot.Hosting;
using Microsoft.Bot.Builder;

var builder = WebApplication.CreateBuilder(args);
LocalHosting.Apply(builder);
builder.Services.AddCooperationBot(builder.Configuration);

var app = builder.Build();

// Fail fast: a bad committee file (or stored committee) stops start-up with a message naming the field.
await app.Services.GetRequiredService<CommitteeRepository>().InitializeAsync(CancellationToken.None);

app.MapPost("/api/messages", (HttpContext context, MessageEndpoint endpoint, IBot bot) => endpoint.HandleAsync(context, bot));
app.MapHealthChecks("/healthz");
await app.RunAsync();

public partial class Program;
