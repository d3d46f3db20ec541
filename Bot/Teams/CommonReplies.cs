using CooperationBot.Committees;
using CooperationBot.Localization;

namespace CooperationBot.Teams;

/// <summary>Answers several features give in the same words.</summary>
internal static class CommonReplies
{
    /// <summary>The organisers' names, so that a refused user knows whom to ask.</summary>
    public static string OrganiserNames(this Texts t, Committee committee) => t.List(committee.Organisers.Select(o => o.Name));

    public static string OrganisersOnly(this Texts t, Committee committee) => t.Format("Refused_NotOrganiser", t.OrganiserNames(committee));
}
