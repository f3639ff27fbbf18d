namespace RecordsApi.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class PeopleClientTests(ServiceFixture service)
{
    private readonly RecordsApiClient client = service.CreateApiClient();

    private static PersonRequest NewPerson(string? occupation = null, DateOnly? birthDate = null) => new()
    {
        Name = Unique("Client Person"),
        BirthDate = birthDate ?? new DateOnly(1984, 9, 5),
        Nationality = "FR",
        Occupations = occupation is null ? null : [occupation],
        Sources = ["https://example.org/client-person"],
    };

    [Fact]
    public async Task Create_answers_the_person_with_an_absolute_location_an_etag_and_the_rate_limit()
    {
        var created = await client.People.CreateAsync(NewPerson());

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(new DateOnly(1984, 9, 5), created.Value.BirthDate);
        Assert.Equal(new Uri(service.BaseAddress, $"v1/people/{created.Value.Id}"), created.Location);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.False(created.IdempotentReplayed);
        Assert.NotNull(created.RateLimit);
        Assert.Equal("keyed-write", created.RateLimit.Policy);
        Assert.True(created.RateLimit.Quota > 0);
        Assert.True(created.RateLimit.Remaining < created.RateLimit.Quota);

        var read = await client.People.GetAsync(created.Value.Slug);
        Assert.Equal(created.Value, read.Value with { Occupations = created.Value.Occupations, Sources = created.Value.Sources, ExternalIds = created.Value.ExternalIds });
        Assert.Equal(created.ETag, read.ETag);
    }

    [Fact]
    public async Task Patch_changes_only_the_members_it_holds_and_null_clears_one()
    {
        var created = await client.People.CreateAsync(NewPerson("pilot"));

        var patched = await client.People.PatchAsync(
            created.Value.Slug, new System.Text.Json.Nodes.JsonObject { ["nativeName"] = "Патч", ["occupations"] = null }, created.ETag!);

        Assert.Equal("Патч", patched.Value.NativeName);
        Assert.Empty(patched.Value.Occupations);
        Assert.Equal((created.Value.Name, created.Value.BirthDate, 2), (patched.Value.Name, patched.Value.BirthDate, patched.Value.Version));
        await Assert.ThrowsAsync<PreconditionFailedException>(
            () => client.People.PatchAsync(created.Value.Slug, new System.Text.Json.Nodes.JsonObject { ["nativeName"] = "Stale" }, created.ETag!));
    }

    [Fact]
    public async Task Each_create_sends_an_idempotency_key_of_its_own_and_a_repeated_key_replays_the_first_answer()
    {
        var traffic = new Traffic();
        using var observed = service.CreateApiClient(traffic: traffic);
        await observed.People.CreateAsync(NewPerson());
        await observed.People.CreateAsync(NewPerson());
        var keys = traffic.Exchanges.Select(e => Assert.Single(e.Request.Headers.GetValues("Idempotency-Key"))).ToList();
        Assert.Equal(2, keys.Distinct().Count());

        var key = Guid.NewGuid().ToString();
        var request = NewPerson();
        var first = await client.People.CreateAsync(request, key);
        var again = await client.People.CreateAsync(request, key);

        Assert.False(first.IdempotentReplayed);
        Assert.True(again.IdempotentReplayed);
        Assert.Equal(first.Value.Id, again.Value.Id);

        var reused = await Assert.ThrowsAsync<UnprocessableEntityException>(() => client.People.CreateAsync(NewPerson(), key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.False(string.IsNullOrEmpty(reused.TraceId));
    }

    [Fact]
    public async Task Get_if_changed_is_not_modified_until_the_person_changes()
    {
        var created = await client.People.CreateAsync(NewPerson());

        var unchanged = await client.People.GetIfChangedAsync(created.Value.Slug, created.ETag!);
        Assert.True(unchanged.IsNotModified);
        Assert.Null(unchanged.Value);
        Assert.False(unchanged.TryGetValue(out _));

        var updated = await client.People.ReplaceAsync(created.Value.Slug, created.Value.ToRequest() with { NativeName = "Нэйтив" }, created.ETag!);
        var changed = await client.People.GetIfChangedAsync(created.Value.Slug, created.ETag!);
        Assert.False(changed.IsNotModified);
        Assert.True(changed.TryGetValue(out var person));
        Assert.Equal("Нэйтив", person.NativeName);
        Assert.Equal(updated.ETag, changed.ETag);
    }

    [Fact]
    public async Task Update_reads_changes_and_writes_back_keeping_every_other_member()
    {
        var created = await client.People.CreateAsync(NewPerson("client-update") with { NativeName = "Кто-то" });

        var updated = await client.People.UpdateAsync(created.Value.Slug, p => p with { Nationality = "BE" });

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("BE", updated.Value.Nationality);
        Assert.Equal(created.Value.Version + 1, updated.Value.Version);
        Assert.Equal(
            created.Value.ToRequest() with { Nationality = "BE", Occupations = null, Sources = null },
            updated.Value.ToRequest() with { Occupations = null, Sources = null });
        Assert.Equal(created.Value.Occupations, updated.Value.Occupations);
        Assert.Equal(created.Value.Sources, updated.Value.Sources);
    }

    [Fact]
    public async Task Update_after_someone_else_wrote_in_between_reads_again_and_keeps_both_changes()
    {
        var created = await client.People.CreateAsync(NewPerson());
        var traffic = new Traffic();
        using var observed = service.CreateApiClient(traffic: traffic);
        var calls = 0;

        var updated = await observed.People.UpdateAsync(created.Value.Slug, p =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // Someone else's write lands between this read and its PUT.
                client.People.UpdateAsync(created.Value.Slug, q => q with { NativeName = "Другой" }).GetAwaiter().GetResult();
            }

            return p with { Nationality = "DE" };
        });

        Assert.Equal(2, calls);
        Assert.Contains(HttpStatusCode.PreconditionFailed, traffic.Statuses);
        Assert.Equal(("DE", "Другой"), (updated.Value.Nationality, updated.Value.NativeName));
        Assert.Equal(created.Value.Version + 2, updated.Value.Version);
    }

    [Fact]
    public async Task Update_gives_up_with_a_412_after_the_configured_attempts()
    {
        var created = await client.People.CreateAsync(NewPerson());
        using var impatient = service.CreateApiClient(configure: o => o.MaxUpdateAttempts = 2);
        var calls = 0;

        var failed = await Assert.ThrowsAsync<PreconditionFailedException>(() => impatient.People.UpdateAsync(created.Value.Id.ToString(), p =>
        {
            calls++;
            client.People.UpdateAsync(created.Value.Slug, q => q with { NativeName = $"Rival {calls}" }).GetAwaiter().GetResult();
            return p with { Nationality = "IT" };
        }));

        Assert.Equal(2, calls);
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.Status);
        Assert.False(string.IsNullOrEmpty(failed.TraceId));
        Assert.Contains(failed.Detail!, failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_is_a_412_and_a_write_without_if_match_a_428()
    {
        var created = await client.People.CreateAsync(NewPerson());
        await client.People.UpdateAsync(created.Value.Slug, p => p with { Nationality = "ES" });

        var stale = await Assert.ThrowsAsync<PreconditionFailedException>(
            () => client.People.ReplaceAsync(created.Value.Slug, created.Value.ToRequest(), created.ETag!));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);

        var required = await Assert.ThrowsAsync<PreconditionRequiredException>(() => client.Connection.SendAsync<Person>(
            HttpMethod.Put, $"v1/people/{created.Value.Id}", created.Value.ToRequest(), null, default));
        Assert.Equal(HttpStatusCode.PreconditionRequired, required.Status);
        Assert.False(string.IsNullOrEmpty(required.TraceId));
        Assert.False(string.IsNullOrEmpty(required.Type));
    }

    [Fact]
    public async Task A_request_that_is_not_valid_is_a_400_naming_every_field()
    {
        var invalid = NewPerson() with { BirthDate = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(1)), Nationality = "XX" };

        var problem = await Assert.ThrowsAsync<BadRequestException>(() => client.People.CreateAsync(invalid));

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Contains("birthDate", problem.Errors.Keys);
        Assert.Contains("nationality", problem.Errors.Keys);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
        Assert.Equal("/v1/people", problem.Instance);
        Assert.Contains("birthDate", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_person_is_a_404_and_a_taken_slug_a_409()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => client.People.GetAsync(UniqueSlug("nobody")));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.False(string.IsNullOrEmpty(missing.TraceId));

        var taken = await Assert.ThrowsAsync<ConflictException>(() => client.People.CreateAsync(NewPerson() with { Slug = "yulia-peresild" }));
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
    }

    [Fact]
    public async Task A_write_without_a_key_is_a_401_problem()
    {
        using var anonymous = ServiceFixture.CreateApiClient(service.BaseAddress, apiKey: null);

        var refused = await Assert.ThrowsAsync<RecordsApiException>(() => anonymous.People.CreateAsync(NewPerson()));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("anonymous-read", (await anonymous.People.GetAsync("yulia-peresild")).RateLimit?.Policy);
    }

    [Fact]
    public async Task List_follows_every_page_with_the_filters_and_order_given()
    {
        var occupation = UniqueSlug("client-list");
        foreach (var year in new[] { 1950, 1970, 1960 })
        {
            await client.People.CreateAsync(NewPerson(occupation, new DateOnly(year, 1, 1)));
        }

        var query = new PeopleQuery { Occupation = occupation, Sort = PeopleSort.BirthDateDescending, PageSize = 2 };
        var first = await client.People.ListPageAsync(query);
        Assert.Equal(2, first.Value.Items.Count);
        Assert.NotNull(first.Value.NextCursor);

        var all = await client.People.ListAsync(query).ToListAsync();
        Assert.Equal([1970, 1960, 1950], all.Select(p => p.BirthDate!.Value.Year));

        var found = await client.People.ListAsync(new PeopleQuery { Q = "peresild", Nationality = "RU" }).ToListAsync();
        Assert.Contains(found, p => p.Slug == "yulia-peresild");
    }

    [Fact]
    public async Task Delete_hides_the_person_and_the_history_keeps_every_revision()
    {
        var created = await client.People.CreateAsync(NewPerson());
        var updated = await client.People.UpdateAsync(created.Value.Slug, p => p with { Nationality = "PT" });

        var deleted = await client.People.DeleteAsync(created.Value.Slug, updated.ETag!);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        await Assert.ThrowsAsync<NotFoundException>(() => client.People.GetAsync(created.Value.Slug));
        var history = await client.People.HistoryAsync(created.Value.Slug).ToListAsync();
        Assert.Equal(["create", "update", "delete"], history.Select(r => r.Operation));
        Assert.Equal("PT", history[1].Data.GetProperty("nationality").GetString());
        var page = await client.People.HistoryPageAsync(created.Value.Slug, pageSize: 1);
        Assert.Single(page.Value.Items);
        Assert.NotNull(page.Value.NextCursor);
    }

    [Fact]
    public async Task Flights_list_each_mission_with_role_legs_and_age()
    {
        var flights = await client.People.GetFlightsAsync("yulia-peresild");

        var down = Assert.Single(flights.Value, f => f.Mission.Slug == "soyuz-ms-18");
        Assert.Equal((CrewRole.SpaceflightParticipant, false, true), (down.Role, down.Launched, down.Landed));
        Assert.Equal(MissionKind.Orbital, down.Mission.Kind);
        Assert.Contains(flights.Value, f => f.AgeAtLaunch is { Years: 37 });
    }
}

/// <summary>The example of clients/dotnet/README.md and the README, as written there, against the service.</summary>
[Collection(ClientCollection.Name)]
public sealed class ReadmeExampleTests(ServiceFixture service)
{
    [Fact]
    public async Task The_readme_example_runs()
    {
        var key = service.WriterKey;
        var slug = UniqueSlug("ada-example");
        var output = new List<string>();

        using var api = RecordsApiClient.Create(new() { BaseAddress = service.BaseAddress, ApiKey = key });

        var ada = await api.People.CreateAsync(new() { Name = "Ada Example", Slug = slug, BirthDate = new(1990, 3, 6), Nationality = "FR" });
        output.Add($"{ada.Location} {ada.ETag} replayed={ada.IdempotentReplayed} left={ada.RateLimit?.Remaining}");

        await api.People.UpdateAsync(slug, p => p with { Nationality = "BE" });

        var check = await api.People.GetIfChangedAsync(slug, ada.ETag!);
        await foreach (var m in api.Missions.ListAsync(new() { Kind = MissionKind.Suborbital, LaunchedFrom = new(2021, 1, 1) }))
        {
            output.Add(m.Name);
        }

        var board = await api.Leaderboards.GetAsync(Metric.OldestAtLaunch, limit: 3, asOf: new(1990, 1, 1));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => api.People.GetAsync("nobody"));

        Assert.False(check.IsNotModified);
        Assert.Equal("BE", check.Value?.Nationality);
        Assert.StartsWith($"{service.BaseAddress}v1/people/{ada.Value.Id} {ada.ETag} replayed=False left=", output[0], StringComparison.Ordinal);
        Assert.Contains("New Shepard NS-16", output);
        Assert.Equal(new DateOnly(1990, 1, 1), board.Value.AsOf);
        Assert.NotNull(missing.TraceId);
    }
}
