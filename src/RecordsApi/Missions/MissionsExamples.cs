using RecordsApi.Infrastructure.Docs;

namespace RecordsApi.Missions;

/// <summary>The OpenAPI examples of missions: Soyuz MS-18 as the seed data has it.</summary>
internal sealed class MissionExample : ApiExample<Mission>
{
    private static readonly DateTime Seeded = new(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

    public override Mission Example { get; } = new(
        Id: 9,
        Slug: "soyuz-ms-18",
        Name: "Soyuz MS-18",
        Operator: "Roscosmos",
        Vehicle: "Soyuz MS (Soyuz-2.1a rocket)",
        Kind: MissionKind.Orbital,
        ApogeeKm: 421,
        LaunchAt: new DateTime(2021, 4, 9, 7, 42, 0, DateTimeKind.Utc),
        LaunchSite: "Baikonur Cosmodrome, Site 31/6",
        LandingAt: new DateTime(2021, 10, 17, 4, 35, 0, DateTimeKind.Utc),
        LandingSite: "south-east of Dzhezkazgan, Kazakhstan",
        Destination: "International Space Station",
        Summary: "Flew Oleg Novitskiy, Pyotr Dubrov and Mark Vande Hei to the ISS; Novitskiy returned in it with the film crew of \"The Challenge\", Yulia Peresild and Klim Shipenko.",
        ExternalIds: new MissionExternalIds(Wikidata: null, Cospar: "2021-029A"),
        Sources:
        [
            "https://www.spaceflightinsider.com/missions/iss/soyuz-ms-18-reaches-international-space-station-after-2-orbits/",
            "https://spaceref.com/space-stations/nasa-space-station-on-orbit-update-17-october-2021/",
            "https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=2021-029A",
        ],
        Version: 1,
        CreatedAt: Seeded,
        UpdatedAt: Seeded);
}

internal sealed class MissionRequestExample : ApiExample<MissionRequest>
{
    public override MissionRequest Example { get; } = new(
        Name: "Soyuz MS-18",
        Slug: null,
        Operator: "Roscosmos",
        Vehicle: "Soyuz MS (Soyuz-2.1a rocket)",
        Kind: MissionKind.Orbital,
        ApogeeKm: 421,
        LaunchAt: new DateTimeOffset(2021, 4, 9, 7, 42, 0, TimeSpan.Zero),
        LaunchSite: "Baikonur Cosmodrome, Site 31/6",
        LandingAt: new DateTimeOffset(2021, 10, 17, 4, 35, 0, TimeSpan.Zero),
        LandingSite: "south-east of Dzhezkazgan, Kazakhstan",
        Destination: "International Space Station",
        Summary: null,
        ExternalIds: new MissionExternalIds(Wikidata: null, Cospar: "2021-029A"),
        Sources: ["https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=2021-029A"]);
}

/// <summary>Klim Shipenko on Soyuz MS-18: he came down on it, having gone up on MS-19.</summary>
internal sealed class CrewMemberExample : ApiExample<CrewMember>
{
    public override CrewMember Example { get; } = new(
        new CrewPerson(2, "klim-shipenko", "Klim Shipenko"), CrewRole.SpaceflightParticipant, Launched: false, Landed: true, new AgeAtLaunch(38, 111));
}

internal sealed class CrewMemberRequestExample : ApiExample<CrewMemberRequest>
{
    public override CrewMemberRequest Example { get; } = new(CrewRole.SpaceflightParticipant, Launched: false, Landed: true);
}
