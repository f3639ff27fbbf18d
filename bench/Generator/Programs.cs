namespace RecordsApi.Bench;

/// <summary>A crewed spaceflight programme: what its missions are called, who flies them, and when it flew.</summary>
internal sealed record FlightProgram(
    string Prefix,
    string Operator,
    string Vehicle,
    string Kind,
    string LaunchSite,
    string? LandingSite,
    string? Destination,
    int FirstYear,
    int LastYear,
    double Weight,
    int MaxCrew)
{
    public static readonly FlightProgram[] All =
    [
        new("Vostok", "Soviet space program", "Vostok", "orbital", "Baikonur Cosmodrome", "Kazakh SSR", null, 1961, 1963, 1, 1),
        new("Mercury", "NASA", "Mercury", "orbital", "Cape Canaveral", "Atlantic Ocean", null, 1961, 1963, 1, 1),
        new("Voskhod", "Soviet space program", "Voskhod", "orbital", "Baikonur Cosmodrome", "Kazakh SSR", null, 1964, 1965, 1, 3),
        new("Gemini", "NASA", "Gemini", "orbital", "Cape Canaveral", "Atlantic Ocean", null, 1965, 1966, 1, 2),
        new("Apollo", "NASA", "Saturn V", "orbital", "Kennedy Space Center", "Pacific Ocean", "Moon", 1968, 1972, 1, 3),
        new("Soyuz", "Roscosmos", "Soyuz", "orbital", "Baikonur Cosmodrome", "Kazakhstan", "ISS", 1967, 2025, 4, 3),
        new("STS", "NASA", "Space Shuttle", "orbital", "Kennedy Space Center", "Kennedy Space Center", "ISS", 1981, 2011, 5, 8),
        new("Shenzhou", "CMSA", "Long March 2F", "orbital", "Jiuquan Satellite Launch Center", "Dongfeng landing site", "Tiangong", 2003, 2025, 3, 3),
        new("Crew Dragon", "SpaceX", "Falcon 9", "orbital", "Kennedy Space Center", "Atlantic Ocean", "ISS", 2020, 2025, 4, 4),
        new("Axiom", "Axiom Space", "Falcon 9", "orbital", "Kennedy Space Center", "Pacific Ocean", "ISS", 2022, 2025, 2, 4),
        new("Starliner", "Boeing", "Atlas V", "orbital", "Cape Canaveral", "White Sands", "ISS", 2024, 2025, 1, 4),
        new("Gaganyaan", "ISRO", "LVM3", "orbital", "Satish Dhawan Space Centre", "Bay of Bengal", null, 2025, 2025, 1, 3),
        new("NS", "Blue Origin", "New Shepard", "suborbital", "Launch Site One", "Launch Site One", null, 2021, 2025, 4, 6),
        new("Galactic", "Virgin Galactic", "VSS Unity", "suborbital", "Spaceport America", "Spaceport America", null, 2018, 2024, 3, 6),
        new("X-15 Flight", "NASA", "X-15", "suborbital", "Edwards Air Force Base", "Edwards Air Force Base", null, 1962, 1968, 1, 1),
    ];
}
