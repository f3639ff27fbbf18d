namespace RecordsApi.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class MissionsClientTests(ServiceFixture service)
{
    private static readonly DateTimeOffset Launch = new(2021, 10, 5, 8, 55, 0, TimeSpan.Zero);

    private readonly RecordsApiClient client = service.CreateApiClient();

    private static MissionRequest NewMission(string? @operator = null, DateTimeOffset? launchAt = null) => new()
    {
        Name = Unique("Client Mission"),
        Kind = MissionKind.Orbital,
        Operator = @operator,
        LaunchAt = launchAt ?? Launch,
        LandingAt = (launchAt ?? Launch).AddDays(12),
        ExternalIds = new MissionExternalIds { Cospar = "2021-089A" },
        Sources = ["https://example.org/client-mission"],
    };

    [Fact]
    public async Task Create_read_update_and_delete_a_mission()
    {
        var created = await client.Missions.CreateAsync(NewMission());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(Launch, created.Value.LaunchAt);
        Assert.Equal("2021-089A", created.Value.ExternalIds.Cospar);
        Assert.Equal(new Uri(service.BaseAddress, $"v1/missions/{created.Value.Id}"), created.Location);

        var unchanged = await client.Missions.GetIfChangedAsync(created.Value.Slug, created.ETag!);
        Assert.True(unchanged.IsNotModified);

        var updated = await client.Missions.UpdateAsync(created.Value.Slug, m => m with { ApogeeKm = 420.5, Destination = "International Space Station" });
        Assert.Equal((420.5, "International Space Station"), (updated.Value.ApogeeKm, updated.Value.Destination));
        Assert.Equal(created.Value.LandingAt, updated.Value.LandingAt);
        Assert.Equal("2021-089A", updated.Value.ExternalIds.Cospar);

        var stale = await Assert.ThrowsAsync<PreconditionFailedException>(() => client.Missions.DeleteAsync(created.Value.Slug, created.ETag!));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        await client.Missions.DeleteAsync(created.Value.Slug, updated.ETag!);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Missions.GetAsync(created.Value.Slug));
        Assert.Equal(["create", "update", "delete"], await client.Missions.HistoryAsync(created.Value.Id.ToString()).Select(r => r.Operation).ToListAsync());
    }

    [Fact]
    public async Task The_crew_is_changed_with_the_mission_etag_and_answers_not_modified_until_it_changes()
    {
        var mission = await client.Missions.CreateAsync(NewMission());
        var person = await client.People.CreateAsync(new PersonRequest { Name = Unique("Client Crew"), BirthDate = new DateOnly(1980, 2, 29) });

        var added = await client.Missions.PutCrewMemberAsync(
            mission.Value.Slug, person.Value.Slug, new CrewMemberRequest { Role = CrewRole.FlightEngineer }, mission.ETag!);
        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal((CrewRole.FlightEngineer, true, true), (added.Value.Role, added.Value.Launched, added.Value.Landed));
        Assert.Equal(new AgeAtLaunch(41, 218), added.Value.AgeAtLaunch);

        var crew = await client.Missions.GetCrewAsync(mission.Value.Slug);
        Assert.Equal(person.Value.Slug, Assert.Single(crew.Value).Person.Slug);
        Assert.Equal(added.ETag, crew.ETag);
        Assert.True((await client.Missions.GetCrewIfChangedAsync(mission.Value.Slug, crew.ETag!)).IsNotModified);

        var changed = await client.Missions.PutCrewMemberAsync(
            mission.Value.Slug, person.Value.Slug, new CrewMemberRequest { Role = CrewRole.Commander, Landed = false }, crew.ETag!);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        var again = await client.Missions.GetCrewIfChangedAsync(mission.Value.Slug, crew.ETag!);
        Assert.True(again.TryGetValue(out var members));
        Assert.Equal((CrewRole.Commander, false), (members.Single().Role, members.Single().Landed));

        var flights = await client.People.GetFlightsAsync(person.Value.Slug);
        Assert.Equal(mission.Value.Slug, Assert.Single(flights.Value).Mission.Slug);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => client.Missions.RemoveCrewMemberAsync(mission.Value.Slug, person.Value.Slug, crew.ETag!));
        var removed = await client.Missions.RemoveCrewMemberAsync(mission.Value.Slug, person.Value.Slug, changed.ETag!);
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Empty((await client.Missions.GetCrewAsync(mission.Value.Slug)).Value);
    }

    [Fact]
    public async Task A_crew_member_born_after_the_launch_is_a_422()
    {
        var mission = await client.Missions.CreateAsync(NewMission());
        var unborn = await client.People.CreateAsync(new PersonRequest { Name = Unique("Client Unborn"), BirthDate = new DateOnly(2022, 1, 1) });

        var refused = await Assert.ThrowsAsync<UnprocessableEntityException>(() => client.Missions.PutCrewMemberAsync(
            mission.Value.Slug, unborn.Value.Slug, new CrewMemberRequest { Role = CrewRole.Passenger }, mission.ETag!));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.False(string.IsNullOrEmpty(refused.Detail));
    }

    [Fact]
    public async Task List_filters_by_operator_kind_and_launch_dates_in_the_order_asked()
    {
        var @operator = Unique("Client Operator");
        foreach (var day in new[] { 3, 1, 2 })
        {
            await client.Missions.CreateAsync(NewMission(@operator, new DateTimeOffset(2030, 1, day, 12, 0, 0, TimeSpan.Zero)));
        }

        var query = new MissionsQuery
        {
            Operator = @operator,
            Kind = MissionKind.Orbital,
            LaunchedFrom = new DateOnly(2030, 1, 2),
            LaunchedTo = new DateOnly(2030, 1, 3),
            Sort = MissionsSort.LaunchAtDescending,
            PageSize = 1,
        };
        var missions = await client.Missions.ListAsync(query).ToListAsync();

        Assert.Equal([3, 2], missions.Select(m => m.LaunchAt!.Value.Day));
        Assert.Empty(await client.Missions.ListAsync(query with { Kind = MissionKind.Suborbital }).ToListAsync());
        Assert.NotNull((await client.Missions.ListPageAsync(query)).Value.NextCursor);
    }
}
