namespace CooperationBot.Committees;

/// <summary>Who is talking, as Teams told us (never as card data claims).</summary>
public sealed record UserIdentity(string AadObjectId, string DisplayName, string? Upn = null);

/// <summary>What a user may do in the committee.</summary>
public sealed record Roles(IReadOnlyList<Unit> ContactOf, bool IsOrganiser)
{
    public bool IsContact => ContactOf.Count > 0;

    public bool IsContactOf(string unitId) => ContactOf.Any(u => u.Id == unitId);
}

public sealed class Membership(Committee committee)
{
    public Committee Committee => committee;

    public Roles RolesOf(UserIdentity user) => new(
        committee.Units.Where(u => u.Contacts.Any(c => Matches(c, user))).ToList(),
        committee.Organisers.Any(o => Matches(o, user)));

    /// <summary>The name the committee file gives a person, found by object id.</summary>
    public string? NameOf(string aadObjectId) => committee.Units.SelectMany(u => u.Contacts).Concat(committee.Organisers)
        .FirstOrDefault(p => string.Equals(p.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase))?.Name;

    /// <summary>True when some configured person can only be recognised by UPN, so a lookup is worth making.</summary>
    public bool NeedsUpnFor(string aadObjectId) =>
        !committee.Units.SelectMany(u => u.Contacts).Concat(committee.Organisers).Any(p => p.AadObjectId == aadObjectId) &&
        committee.Units.SelectMany(u => u.Contacts).Concat(committee.Organisers).Any(p => p.AadObjectId is null && p.Upn is not null);

    private static bool Matches(Person person, UserIdentity user) =>
        (person.AadObjectId is not null && string.Equals(person.AadObjectId, user.AadObjectId, StringComparison.OrdinalIgnoreCase)) ||
        (person.Upn is not null && user.Upn is not null && string.Equals(person.Upn, user.Upn, StringComparison.OrdinalIgnoreCase));
}
