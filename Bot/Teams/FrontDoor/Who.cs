namespace CooperationBot.Teams.FrontDoor;

/// <summary>
/// Who may use a command or card verb, as the front door's table declares it. A request passes when
/// the person holds any one of the listed roles; every role but <see cref="Anyone"/> needs an Entra
/// identity on the activity (from.aadObjectId), never one claimed by card data.
/// </summary>
[Flags]
internal enum Who
{
    /// <summary>Anyone at all, registered or not.</summary>
    Anyone = 1,

    Organiser = 2,

    /// <summary>A registered contact of any unit.</summary>
    Contact = 4,

    /// <summary>A registered contact of the unit the card data names.</summary>
    ContactOfUnit = 8,

    /// <summary>Anyone writing from a channel of the committee's team (the bound team, or while none is bound a team the bot is in).</summary>
    CommitteeTeam = 16,

    Registered = Organiser | Contact,
}

/// <summary>Where a request came from, in the manifest's terms.</summary>
internal static class Places
{
    public static CommandScopes Of(string? conversationType) => conversationType switch
    {
        "personal" => CommandScopes.Personal,
        "channel" => CommandScopes.Team,
        "groupChat" => CommandScopes.GroupChat,
        _ => CommandScopes.None,
    };
}
