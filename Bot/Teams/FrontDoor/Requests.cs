using CooperationBot.Committees;
using CooperationBot.Localization;
using Microsoft.Bot.Builder;

namespace CooperationBot.Teams.FrontDoor;

/// <summary>A request the front door let through: the turn, who sent it (as Teams says), and the committee as the turn began.</summary>
internal abstract record TurnRequest(ITurnContext Turn, TurnUser User, CancellationToken Cancellation)
{
    public Texts Texts => User.Texts;

    public Committee Committee => User.Committee;

    public Roles Roles => User.Roles;

    /// <summary>The sender's identity; the front door admits no one without one except to <see cref="Who.Anyone"/> entries.</summary>
    public UserIdentity Identity => User.Identity ?? throw new InvalidOperationException("Only entries open to anyone admit a sender without an identity.");
}

/// <summary>A typed command, with the text that followed it when the command takes an argument.</summary>
internal sealed record CommandRequest(ITurnContext Turn, TurnUser User, string? Argument, CancellationToken Cancellation) : TurnRequest(Turn, User, Cancellation);

/// <summary>A card button: its data bound to the record the table declares; the activity id makes a redelivery idempotent.</summary>
internal sealed record CardRequest<TData>(ITurnContext Turn, TurnUser User, TData Data, string OperationId, CancellationToken Cancellation) : TurnRequest(Turn, User, Cancellation)
    where TData : class;
