using System.Runtime.CompilerServices;

namespace CooperationBot.Committees;

/// <summary>Who is talking, as Teams told us (never as card data claims).</summary>
public sealed record UserIdentity(string AadObjectId, string DisplayName, string? Upn = null);

/// <summary>What a user may do in the committee.</summary>
public sealed record Roles(IReadOnlyList<Unit> ContactOf, bool IsOrganiser)
{
    public bool IsContact => ContactOf.Count > 0;

    public bool IsContactOf(string unitId) => ContactOf.Any(u => u.Id == unitId);
}

/// <summary>
/// Who plays which role in one committee snapshot, indexed by object id and UPN so that a turn's
/// lookup costs the same for nine units or ten thousand.
/// </summary>
public sealed class Membership
{
    private static readonly ConditionalWeakTable<Committee, Membership> Cache = [];
    private static readonly Roles NoRoles = new([], false);

    private readonly Dictionary<string, Entry> byObjectId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Entry> byUpn = new(StringComparer.OrdinalIgnoreCase);

    public Membership(Committee committee)
    {
        Committee = committee;
        for (var i = 0; i < committee.Units.Count; i++)
        {
            foreach (var contact in committee.Units[i].Contacts)
            {
                EntryFor(contact).Units.Add(i);
            }
        }

        foreach (var organiser in committee.Organisers)
        {
            EntryFor(organiser).IsOrganiser = true;
        }

        HasUpnOnlyPeople = committee.Units.SelectMany(u => u.Contacts).Concat(committee.Organisers).Any(p => p.AadObjectId is null && p.Upn is not null);
    }

    public Committee Committee { get; }

    /// <summary>True when someone can only be recognised by UPN, so a lookup of a stranger's UPN is worth making.</summary>
    public bool HasUpnOnlyPeople { get; }

    /// <summary>The index of a committee snapshot, built once per snapshot (a changed committee is a new snapshot).</summary>
    public static Membership Of(Committee committee) => Cache.GetValue(committee, c => new Membership(c));

    public Roles RolesOf(UserIdentity user)
    {
        var byId = byObjectId.GetValueOrDefault(user.AadObjectId);
        var byName = user.Upn is null ? null : byUpn.GetValueOrDefault(user.Upn);
        if (byId is null && byName is null)
        {
            return NoRoles;
        }

        // Units in committee order, whichever way the person was listed in each.
        var units = (byId?.Units ?? []).Union(byName?.Units ?? []).Order().Select(i => Committee.Units[i]).ToList();
        return new Roles(units, byId?.IsOrganiser == true || byName?.IsOrganiser == true);
    }

    /// <summary>The name the committee gives a person, found by object id.</summary>
    public string? NameOf(string aadObjectId) => byObjectId.GetValueOrDefault(aadObjectId)?.Name;

    /// <summary>The person the committee lists with this object id or UPN, if any.</summary>
    public Person? PersonOf(string aadObjectId, string? upn) =>
        byObjectId.GetValueOrDefault(aadObjectId)?.Person ?? (upn is null ? null : byUpn.GetValueOrDefault(upn)?.Person);

    /// <summary>True when the object id is unknown but someone is listed by UPN only, so a UPN lookup may find them.</summary>
    public bool NeedsUpnFor(string aadObjectId) => HasUpnOnlyPeople && !byObjectId.ContainsKey(aadObjectId);

    private Entry EntryFor(Person person)
    {
        Entry? entry = null;
        if (person.AadObjectId is { } id && !byObjectId.TryGetValue(id, out entry))
        {
            entry = byObjectId[id] = new Entry(person);
        }

        if (person.Upn is { } upn)
        {
            if (byUpn.TryGetValue(upn, out var existing))
            {
                entry ??= existing;
            }
            else
            {
                entry ??= new Entry(person);
                byUpn[upn] = entry;
            }
        }

        return entry ?? new Entry(person);
    }

    private sealed class Entry(Person person)
    {
        public Person Person { get; } = person;

        public string Name => Person.Name;

        /// <summary>Positions in the committee's unit list.</summary>
        public List<int> Units { get; } = [];

        public bool IsOrganiser { get; set; }
    }
}
