namespace RecordsApi.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class RecordsClientTests(ServiceFixture service)
{
    private readonly RecordsApiClient client = service.CreateApiClient();

    [Fact]
    public async Task A_record_gets_holdings_and_is_updated_listed_and_deleted()
    {
        var created = await client.Records.CreateAsync(new RecordRequest
        {
            Title = Unique("Client Record"),
            Category = RecordCategory.Age,
            Metric = Metric.OldestAtLaunch,
            Sources = ["https://example.org/client-record"],
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal((RecordCategory.Age, Metric.OldestAtLaunch), (created.Value.Category, created.Value.Metric));
        Assert.Null(created.Value.Current);

        var holding = await client.Records.AddHoldingAsync(created.Value.Slug, new HoldingRequest
        {
            AchievedOn = new DateOnly(2021, 10, 5),
            Mission = "soyuz-ms-19",
            People = ["yulia-peresild"],
            Value = 13544,
            Unit = "days",
        });
        Assert.Equal(HttpStatusCode.Created, holding.Status);
        Assert.NotNull(holding.Location);
        Assert.Equal(new DateOnly(2021, 10, 5), holding.Value.AchievedOn);
        Assert.Equal("yulia-peresild", Assert.Single(holding.Value.People).Slug);
        Assert.Equal("soyuz-ms-19", holding.Value.Mission?.Slug);

        var read = await client.Records.GetHoldingAsync(created.Value.Slug, holding.Value.Id);
        Assert.Equal(13544m, read.Value.Value);

        var record = await client.Records.GetAsync(created.Value.Slug);
        Assert.Equal(holding.Value.Id, record.Value.Current?.Id);
        Assert.Single(record.Value.Progression);
        Assert.NotNull(record.Value.AgreesWithData);
        Assert.True((await client.Records.GetIfChangedAsync(created.Value.Slug, record.ETag!)).IsNotModified);

        var updated = await client.Records.UpdateAsync(created.Value.Slug, r => r with { Description = "Checked by the .NET client." });
        Assert.Equal("Checked by the .NET client.", updated.Value.Description);
        Assert.Equal(Metric.OldestAtLaunch, updated.Value.Metric);
        Assert.Single(updated.Value.Progression);

        var listed = await client.Records.ListAsync(new RecordsQuery { Category = RecordCategory.Age, Q = created.Value.Title, PageSize = 1 }).ToListAsync();
        Assert.Equal(created.Value.Id, Assert.Single(listed, r => r.Id == created.Value.Id).Id);

        await client.Records.DeleteAsync(created.Value.Slug, updated.ETag!);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Records.GetAsync(created.Value.Slug));
        // Adding a holding is a revision of the record too.
        Assert.Equal(["create", "update", "update", "delete"], await client.Records.HistoryAsync(created.Value.Slug).Select(r => r.Operation).ToListAsync());
    }

    [Fact]
    public async Task A_repeated_holding_with_the_same_key_is_replayed_not_added_twice()
    {
        var created = await client.Records.CreateAsync(new RecordRequest { Title = Unique("Client Replay"), Category = RecordCategory.Other });
        var request = new HoldingRequest { AchievedOn = new DateOnly(1961, 4, 12), People = ["yuri-gagarin"] };
        var key = Guid.NewGuid().ToString();

        var first = await client.Records.AddHoldingAsync(created.Value.Slug, request, key);
        var again = await client.Records.AddHoldingAsync(created.Value.Slug, request, key);

        Assert.True(again.IdempotentReplayed);
        Assert.Equal(first.Value.Id, again.Value.Id);
        Assert.Single((await client.Records.GetAsync(created.Value.Slug)).Value.Progression);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Records.GetHoldingAsync(created.Value.Slug, long.MaxValue));
    }
}
