using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>
/// A PostgreSQL of its own that runs durably (fsync and synchronous_commit on), as in production, with the
/// idempotency settings at their defaults: the claim of a failed attempt lasts as long as a 503's Retry-After.
/// </summary>
public sealed class IdempotencyCrashFixture() : OwnClusterFixture("records_idempotency_crash", durable: true);

[CollectionDefinition(Name)]
public sealed class IdempotencyCrashCollection : ICollectionFixture<IdempotencyCrashFixture>
{
    public const string Name = "idempotency-crash";
}

/// <summary>
/// Streams of keyed creates interrupted by a crash of PostgreSQL, then of the service itself; afterwards every
/// key is retried as a client would (honouring Retry-After). Every retry must get the original 201 again or a
/// fresh run: no 409 that outlives the Retry-After it came with, no permanent 409, and exactly one row per key.
/// </summary>
[Collection(IdempotencyCrashCollection.Name)]
public sealed class IdempotencyCrashTests(IdempotencyCrashFixture fixture, ITestOutputHelper output)
{
    private const int Clients = 6;
    private const int CreatesPerClient = 30;
    private const int CrashAfterSuccesses = 50;

    [Fact]
    public async Task Keyed_creates_interrupted_by_a_database_crash_each_answer_their_201_or_run_afresh_never_a_stuck_409()
    {
        var stream = new KeyedStream("crash-database", fixture.Client);

        await stream.RunAsync(async () =>
        {
            await fixture.Server.StopServerAsync(immediate: true);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await fixture.Server.StartServerAgainAsync();
        });

        await AssertEveryKeySettlesAsync(stream, fixture.Client);
    }

    [Fact]
    public async Task Keyed_creates_interrupted_by_killing_the_service_each_answer_their_201_or_run_afresh_never_a_stuck_409()
    {
        await using var service = await ServiceInstance.StartAsync(fixture.Api.ConnectionString);
        using var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", await fixture.Api.WriterKeyAsync());
        var stream = new KeyedStream("crash-service", client);

        try
        {
            await stream.RunAsync(async () =>
            {
                await service.KillAsync();
                await service.StartAgainAsync();
            });

            await AssertEveryKeySettlesAsync(stream, client);
        }
        catch
        {
            output.WriteLine(service.Output);
            throw;
        }
    }

    /// <summary>
    /// Retries every key (those answered 201 too) until it is answered 201, honouring each Retry-After; then
    /// checks the answers against the first ones and the rows in the database.
    /// </summary>
    private async Task AssertEveryKeySettlesAsync(KeyedStream stream, HttpClient client)
    {
        var outcomes = new ConcurrentBag<string>();
        var wrong = new ConcurrentBag<string>();
        var retries = 0;
        await Parallel.ForEachAsync(stream.Creates, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (create, ct) =>
        {
            var settled = await RetryUntilCreatedAsync(create, client, wrong, () => Interlocked.Increment(ref retries));
            if (settled is null)
            {
                return;
            }

            var replayed = settled.Headers.Contains("Idempotent-Replayed");
            var body = await settled.Content.ReadAsStringAsync(ct);
            if (create.FirstStatus == HttpStatusCode.Created)
            {
                outcomes.Add("answered 201, replayed");
                if (!replayed || body != create.FirstBody || settled.Headers.Location != create.FirstLocation)
                {
                    wrong.Add($"{create.Key}: answered 201 first, the retry answered {(replayed ? "another replay" : "a fresh run")}: {body}");
                }
            }
            else
            {
                outcomes.Add(replayed ? $"{create.FirstOutcome}, committed: replayed" : $"{create.FirstOutcome}, ran afresh");
            }

            // The settled answer is stored: one more retry answers it again.
            var again = await client.SendAsync(create.Request(), ct);
            if (again.StatusCode != HttpStatusCode.Created || !again.Headers.Contains("Idempotent-Replayed") || await again.Content.ReadAsStringAsync(ct) != body)
            {
                wrong.Add($"{create.Key}: the second retry answered {(int)again.StatusCode}, not the settled 201 again");
            }
        });

        output.WriteLine($"{stream.Creates.Count} keyed creates: {stream.Creates.Count(c => c.FirstStatus == HttpStatusCode.Created)} answered 201 in the stream, "
            + $"{stream.Creates.Count(c => c.FirstStatus != HttpStatusCode.Created)} interrupted ({string.Join(", ", stream.Creates.Where(c => c.FirstStatus != HttpStatusCode.Created).CountBy(c => c.FirstOutcome).Select(o => $"{o.Value} {o.Key}"))}).");
        output.WriteLine($"{retries} retries: {string.Join("; ", outcomes.CountBy(o => o).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}"))}.");
        Assert.Empty(wrong);

        // Exactly one row per key: none lost, none twice, and each 201 names its own row.
        await using var connection = await fixture.Api.OpenTestConnectionAsync();
        var rows = (await connection.QueryAsync<(long Id, string Name)>(
            "SELECT id, name FROM people WHERE @marker = ANY(occupations)", new { marker = stream.Marker })).ToList();
        output.WriteLine($"{rows.Count} rows for {stream.Creates.Count} keys.");
        Assert.Equal(stream.Creates.Select(c => c.Name).Order(StringComparer.Ordinal), rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var create in stream.Creates.Where(c => c.FirstStatus == HttpStatusCode.Created))
        {
            Assert.Contains((JsonDocument.Parse(create.FirstBody!).RootElement.GetProperty("id").GetInt64(), create.Name), rows);
        }
    }

    /// <summary>
    /// Retries as a well-behaved client: waits what the last answer's Retry-After said (a failure without an
    /// answer: a second). A 409 "in progress" after such a wait is a key held past its Retry-After: stuck.
    /// </summary>
    private static async Task<HttpResponseMessage?> RetryUntilCreatedAsync(KeyedCreate create, HttpClient client, ConcurrentBag<string> wrong, Action counted)
    {
        // A 503 in the stream said when to come back.
        var honoured = create.RetryNotBefore is not null;
        if (create.RetryNotBefore is { } notBefore && notBefore > DateTime.UtcNow)
        {
            await Task.Delay(notBefore - DateTime.UtcNow);
        }

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            counted();
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(create.Request());
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                honoured = false;
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            if (response.StatusCode == HttpStatusCode.Created)
            {
                return response;
            }

            var problem = await response.Content.ReadAsStringAsync();
            var retryAfter = response.Headers.RetryAfter?.Delta;
            if (response.StatusCode == HttpStatusCode.Conflict && problem.Contains(ProblemTypes.IdempotencyKeyInProgress.Uri, StringComparison.Ordinal))
            {
                if (honoured)
                {
                    wrong.Add($"{create.Key}: still in progress after waiting the Retry-After the service sent: {problem}");
                }
            }
            else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                wrong.Add($"{create.Key}: {(int)response.StatusCode} {problem}");
                return null;
            }

            if (retryAfter is not { } wait)
            {
                wrong.Add($"{create.Key}: {(int)response.StatusCode} without Retry-After");
                return null;
            }

            honoured = true;
            await Task.Delay(wait);
        }

        wrong.Add($"{create.Key}: not created within 90 s of retries");
        return null;
    }

    private sealed record KeyedCreate(string Name, string Key, string Marker)
    {
        public HttpStatusCode? FirstStatus { get; set; }

        public string FirstOutcome { get; set; } = "not sent";

        public string? FirstBody { get; set; }

        public Uri? FirstLocation { get; set; }

        public DateTime? RetryNotBefore { get; set; }

        public HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = Json(new { name = Name, occupations = new[] { Marker } }) };
            request.Headers.Add("Idempotency-Key", Key);
            return request;
        }
    }

    /// <summary>Several clients sending keyed creates, each once; a crash is set off once enough are answered.</summary>
    private sealed class KeyedStream
    {
        private readonly HttpClient client;

        public KeyedStream(string name, HttpClient client)
        {
            this.client = client;
            Marker = UniqueSlug(name);
            Creates = [.. Enumerable.Range(0, Clients * CreatesPerClient)
                .Select(i => new KeyedCreate(Unique($"Keyed {name} {i:000}"), Guid.NewGuid().ToString(), Marker))];
        }

        /// <summary>The occupation every person of this stream has, to count its rows.</summary>
        public string Marker { get; }

        public IReadOnlyList<KeyedCreate> Creates { get; }

        public async Task RunAsync(Func<Task> crash)
        {
            var successes = 0;
            var crashTime = new TaskCompletionSource();
            var crashing = Task.Run(async () =>
            {
                await crashTime.Task;
                await crash();
            });

            await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                foreach (var create in Creates.Skip(c * CreatesPerClient).Take(CreatesPerClient))
                {
                    try
                    {
                        var response = await client.SendAsync(create.Request());
                        create.FirstStatus = response.StatusCode;
                        create.FirstOutcome = $"answered {(int)response.StatusCode}";
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            create.FirstBody = await response.Content.ReadAsStringAsync();
                            create.FirstLocation = response.Headers.Location;
                            if (Interlocked.Increment(ref successes) == CrashAfterSuccesses)
                            {
                                crashTime.SetResult();
                            }
                        }
                        else if (response.Headers.RetryAfter?.Delta is { } wait)
                        {
                            create.RetryNotBefore = DateTime.UtcNow + wait;
                            await Task.Delay(500);
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        create.FirstOutcome = "no answer";
                        await Task.Delay(1000);
                    }
                }
            })));
            crashTime.TrySetResult();
            await crashing;
            Assert.Contains(Creates, c => c.FirstStatus != HttpStatusCode.Created);
        }
    }
}
