namespace RecordsApi.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class FeedsClientTests(ServiceFixture service)
{
    private readonly RecordsApiClient client = service.CreateApiClient();

    [Fact]
    public async Task Leaderboards_list_every_metric_and_read_standings_and_progressions()
    {
        var boards = await client.Leaderboards.ListAsync();
        Assert.Equal(Enum.GetValues<Metric>(), boards.Value.Select(b => b.Metric).Order());

        var asOf = new DateOnly(2022, 1, 1);
        var board = await client.Leaderboards.GetAsync(Metric.OldestAtLaunch, limit: 3, asOf: asOf, boundary: Boundary.EightyKm);
        Assert.Equal((Metric.OldestAtLaunch, Boundary.EightyKm, asOf, "days"), (board.Value.Metric, board.Value.Boundary, board.Value.AsOf, board.Value.Unit));
        Assert.InRange(board.Value.Standings.Count, 1, 3);
        Assert.All(board.Value.Standings, s => Assert.True(s.Date <= asOf && s.Age is not null));
        Assert.True(board.Value.Coverage.Flights > 0);

        var longest = await client.Leaderboards.GetAsync(Metric.LongestFlight, limit: 1);
        Assert.Equal(Boundary.Karman, longest.Value.Boundary);
        var leader = Assert.Single(longest.Value.Standings);
        Assert.Equal(leader.Value, (long)leader.Duration!.ToTimeSpan().TotalSeconds);

        var progression = await client.Leaderboards.GetProgressionAsync(Metric.YoungestAtLaunch, Boundary.Karman);
        Assert.NotEmpty(progression.Value.Progression);
        Assert.Null(progression.Value.Progression[^1].HeldUntil);
        Assert.Equal("yuri-gagarin", progression.Value.Progression[0].Person.Slug);

        await Assert.ThrowsAsync<BadRequestException>(() => client.Leaderboards.GetAsync(Metric.MostFlights, limit: 1000));
    }

    [Fact]
    public async Task The_export_starts_with_where_the_changes_feed_goes_on_and_the_feed_follows_every_write()
    {
        var header = await client.Catalogue.GetExportHeaderAsync();
        Assert.NotNull(header.ChangesSequence);
        Assert.NotNull(header.ExportedAt);

        var person = await client.People.CreateAsync(new PersonRequest { Name = Unique("Client Feed") });
        var updated = await client.People.UpdateAsync(person.Value.Slug, p => p with { Nationality = "NL" });

        var changes = await client.Changes.ReadAsync(header.ChangesSequence.Value, pageSize: 1).ToListAsync();
        var mine = changes.Where(c => c.Resource == "people" && c.Id == person.Value.Id).ToList();
        Assert.Equal(["create", "update"], mine.Select(c => c.Operation));
        Assert.Equal(updated.Value.Version, mine[^1].Version);
        Assert.Equal("NL", mine[^1].Data.GetProperty("nationality").GetString());
        Assert.True(changes.Select(c => c.Sequence).SequenceEqual(changes.Select(c => c.Sequence).Order()));

        var page = await client.Changes.GetPageAsync(header.ChangesSequence.Value, limit: 1);
        Assert.Single(page.Value.Items);
        Assert.True(page.Value.HasMore);
        Assert.Equal(page.Value.Items[0].Sequence, page.Value.NextSince);

        var lines = await client.Catalogue.ExportAsync().ToListAsync();
        Assert.Equal("catalogue", lines[0].Type);
        var exported = Assert.Single(lines, l => l.Type == "person" && l.Slug == person.Value.Slug);
        Assert.Equal(("NL", person.Value.Name), (exported.Read<PersonRequest>().Nationality, exported.Read<PersonRequest>().Name));
        Assert.Contains(lines, l => l.Type == "mission" && l.Slug == "soyuz-ms-18" && l.Json.GetProperty("crew").GetArrayLength() > 0);
        Assert.Contains(lines, l => l.Type == "record" && l.Json.TryGetProperty("holdings", out _));

        using var file = new MemoryStream();
        await client.Catalogue.ExportToAsync(file);
        var text = System.Text.Encoding.UTF8.GetString(file.ToArray());
        Assert.Contains($"\"slug\":\"{person.Value.Slug}\"", text, StringComparison.Ordinal);
        Assert.True(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= lines.Count);
    }
}
