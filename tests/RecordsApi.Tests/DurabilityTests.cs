using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>
/// A PostgreSQL of its own that runs durably (fsync and synchronous_commit on), as in production.
/// Attempts cut off by the crash are abandoned after two seconds, so the retries below may take them over.
/// </summary>
public sealed class DurableServerFixture() : OwnClusterFixture(
    "records_durability", durable: true, new Dictionary<string, string> { ["Idempotency:AbandonAfter"] = "00:00:02" });

[CollectionDefinition(Name)]
public sealed class DurabilityCollection : ICollectionFixture<DurableServerFixture>
{
    public const string Name = "durability";
}

[Collection(DurabilityCollection.Name)]
public sealed class DurabilityTests(DurableServerFixture fixture, ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int WritesPerClient = 50;
    private const int CrashAfterSuccesses = 60;

    private readonly HttpClient client = fixture.Client;

    private sealed record Write(string Name, string Key)
    {
        public HttpStatusCode? Status { get; set; }

        public JsonElement Answer { get; set; }
    }

    private static HttpRequestMessage Post(Write write)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = Json(new { write.Name, occupations = new[] { "durability-test" } }) };
        request.Headers.Add("Idempotency-Key", write.Key);
        return request;
    }

    [Fact]
    public async Task A_database_crash_mid_load_loses_no_acknowledged_write_and_half_applies_none()
    {
        var writes = Enumerable.Range(0, Clients * WritesPerClient)
            .Select(i => new Write(Unique($"Durable {i:000}"), Guid.NewGuid().ToString())).ToArray();
        var successes = 0;
        var crashTime = new TaskCompletionSource();
        var unexpected = new ConcurrentBag<string>();

        // The database crashes (no shutdown checkpoint, no goodbye to clients) once the load is well under way.
        var crash = Task.Run(async () =>
        {
            await crashTime.Task;
            await fixture.Server.StopServerAsync(immediate: true);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await fixture.Server.StartServerAgainAsync();
        });

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            foreach (var write in writes.Skip(c * WritesPerClient).Take(WritesPerClient))
            {
                var response = await client.SendAsync(Post(write));
                write.Status = response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    write.Answer = await response.ReadJsonAsync();
                    if (Interlocked.Increment(ref successes) == CrashAfterSuccesses)
                    {
                        crashTime.SetResult();
                    }
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                    await Task.Delay(500);
                }
                else
                {
                    unexpected.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));
        await crash;

        var acknowledged = writes.Where(w => w.Status == HttpStatusCode.Created).ToList();
        var failed = writes.Where(w => w.Status != HttpStatusCode.Created).ToList();
        output.WriteLine($"{acknowledged.Count} writes answered 201, {failed.Count} failed during the crash.");
        Assert.Empty(unexpected);
        Assert.NotEmpty(failed);
        Assert.InRange(acknowledged.Count, CrashAfterSuccesses, writes.Length - 1);

        await using var connection = await WaitForDatabaseAsync();

        // Every write answered 201 is there, as it was answered.
        var stored = (await connection.QueryAsync<(long Id, string Name, int Version)>(
            "SELECT id, name, version FROM people WHERE 'durability-test' = ANY(occupations)")).ToList();
        foreach (var write in acknowledged)
        {
            var id = write.Answer.GetProperty("id").GetInt64();
            Assert.Contains((id, write.Name, 1), stored);
        }

        // Nothing is half-applied: each row has exactly the revisions its version implies, the last one
        // its current document; no revision lacks its row; the sequence has no gap.
        await AssertConsistentAsync(connection);

        // And retrying each failed write with its key applies it exactly once.
        var outcomes = new List<string>();
        foreach (var write in failed)
        {
            outcomes.Add(await RetryUntilSettledAsync(write));
        }

        output.WriteLine(string.Join(", ", outcomes.CountBy(o => o).Select(o => $"{o.Value} {o.Key}")));

        var names = (await connection.QueryAsync<string>(
            "SELECT name FROM people WHERE 'durability-test' = ANY(occupations)")).ToList();
        Assert.Equal(writes.Select(w => w.Name).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        await AssertConsistentAsync(connection);
    }

    private async Task<Npgsql.NpgsqlConnection> WaitForDatabaseAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the database did not come back");
            await Task.Delay(200);
        }

        return await fixture.Api.OpenTestConnectionAsync();
    }

    /// <summary>Retries as a client would: until the answer is final (201, or "already applied").</summary>
    private async Task<string> RetryUntilSettledAsync(Write write)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.SendAsync(Post(write));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return response.Headers.Contains("Idempotent-Replayed") ? "replayed" : "created on retry";
            }

            var problem = await response.ReadJsonAsync();
            if (response.StatusCode == HttpStatusCode.Conflict && problem.GetProperty("detail").GetString()!.Contains("was applied", StringComparison.Ordinal))
            {
                return "applied before the crash";
            }

            Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable, problem.ToString());
            Assert.True(DateTime.UtcNow < deadline, $"{write.Name} did not settle: {problem}");
            await Task.Delay(250);
        }
    }

    private static async Task AssertConsistentAsync(Npgsql.NpgsqlConnection connection)
    {
        var wrongRevisions = await connection.QueryAsync<long>(
            """
            SELECT p.id FROM people p
            WHERE (SELECT count(*) FROM revisions r WHERE r.resource = 'people' AND r.resource_id = p.id) <> p.version
               OR (SELECT r.data FROM revisions r WHERE r.resource = 'people' AND r.resource_id = p.id ORDER BY r.id DESC LIMIT 1)
                  IS DISTINCT FROM person_document(p)
            """);
        Assert.Empty(wrongRevisions);
        var orphans = await connection.QueryAsync<long>(
            "SELECT r.id FROM revisions r WHERE r.resource = 'people' AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = r.resource_id)");
        Assert.Empty(orphans);
        // Every committed revision gets its number once numbered, and the numbers have no gap.
        await connection.ExecuteAsync("SELECT number_revisions()");
        var (count, highest, last) = await connection.QuerySingleAsync<(long, long, long)>(
            "SELECT (SELECT count(*) FROM revisions), (SELECT coalesce(max(sequence), 0) FROM revisions), (SELECT last_sequence FROM change_sequence)");
        Assert.Equal(count, highest);
        Assert.Equal(count, last);
    }
}
