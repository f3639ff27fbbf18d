namespace RecordsApi.Tests;

/// <summary>Writers racing each other: If-Match makes every write conditional, so none is lost.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(ApiFixture api)
{
    private const int Writers = 20;

    private readonly HttpClient client = api.CreateWriterClient();

    /// <summary>The service with a pool big enough for every racer to be inside the database at once.</summary>
    private HttpClient RacingClient()
    {
        var roomy = api.WithSettings(("Database:MaxConnections", $"{Writers * 2}"));
        var racing = roomy.CreateClient();
        racing.DefaultRequestHeaders.Add("X-Api-Key", api.WriterKey);
        return racing;
    }

    private async Task<long> CreatePersonAsync(string name)
    {
        var response = await client.PostAsync("/v1/people", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private static HttpRequestMessage Conditional(HttpMethod method, string path, string ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        request.Headers.IfMatch.Add(ifMatch == "*" ? EntityTagHeaderValue.Any : EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }

    private async Task<int> RevisionCountAsync(long id)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM revisions WHERE resource = 'people' AND resource_id = @id", new { id });
    }

    /// <summary>
    /// Sends the requests while the revision lock is held, so all of them are inside the database at
    /// once (the first holding the row, the rest waiting on it) before any commits: a real race.
    /// </summary>
    private async Task<HttpResponseMessage[]> RaceAsync(IEnumerable<HttpRequestMessage> requests)
    {
        var racing = RacingClient();
        Task<HttpResponseMessage[]> all;
        await using (var barrier = await WriteBarrier.RaiseAsync(api.Database))
        {
            all = Task.WhenAll(requests.Select(racing.SendAsync));
            await barrier.WaitForBlockedAsync(Writers);
        }

        return await all;
    }

    [Fact]
    public async Task Concurrent_puts_with_the_same_etag_give_one_success_and_412_for_the_rest()
    {
        var id = await CreatePersonAsync(Unique("Contended Person"));
        var names = Enumerable.Range(0, Writers).Select(i => Unique($"Writer {i:00}")).ToList();

        var responses = await RaceAsync(names.Select(name => Conditional(HttpMethod.Put, $"/v1/people/{id}", "\"1\"", new { name })));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var winner = Assert.Single(winners);
        foreach (var loser in responses.Where(r => r != winner))
        {
            await loser.AssertProblemAsync(ProblemTypes.PreconditionFailed);
        }

        var written = await winner.ReadJsonAsync();
        Assert.Contains(written.GetProperty("name").GetString(), names);
        var stored = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{id}");
        Assert.Equal(written.ToString(), stored.ToString());
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
        Assert.Equal(2, await RevisionCountAsync(id));
    }

    [Fact]
    public async Task Concurrent_deletes_with_the_same_etag_delete_once()
    {
        var id = await CreatePersonAsync(Unique("Doomed Person"));

        var responses = await RaceAsync(Enumerable.Range(0, Writers).Select(_ => Conditional(HttpMethod.Delete, $"/v1/people/{id}", "\"1\"")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.NoContent), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(2, await RevisionCountAsync(id));
    }

    [Fact]
    public async Task Concurrent_puts_with_if_match_any_all_apply_one_after_another_and_none_is_lost()
    {
        var id = await CreatePersonAsync(Unique("Serialised Person"));

        var responses = await RaceAsync(Enumerable.Range(0, Writers).Select(i => Conditional(HttpMethod.Put, $"/v1/people/{id}", "*", new { name = $"Writer {i}" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var versions = new List<int>();
        foreach (var response in responses)
        {
            versions.Add((await response.ReadJsonAsync()).GetProperty("version").GetInt32());
        }

        Assert.Equal(Enumerable.Range(2, Writers), versions.Order());
        Assert.Equal(Writers + 1, await RevisionCountAsync(id));
    }

    [Fact]
    public async Task Concurrent_posts_with_the_same_idempotency_key_create_once()
    {
        var key = Guid.NewGuid().ToString();
        var name = Unique("Raced Key");

        var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = Json(new { name }) };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Single(created, r => !r.Headers.Contains("Idempotent-Replayed"));
        Assert.All(responses.Except(created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE name = @name", new { name }));
    }
}
