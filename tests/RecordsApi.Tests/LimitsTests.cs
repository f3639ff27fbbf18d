using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace RecordsApi.Tests;

/// <summary>Nobody can exhaust the service: rate limits, size limits, timeouts and the cap on database work.</summary>
[Collection(LimitsCollection.Name)]
public sealed partial class LimitsTests(LimitsFixture api)
{
    /// <summary>The RateLimit and RateLimit-Policy fields of a response: policy name, quota, window, remaining, reset.</summary>
    private static (string Policy, int Quota, int Window, int Remaining, int Reset) RateLimitOf(HttpResponseMessage response)
    {
        var policy = PolicyField().Match(response.Headers.GetValues("RateLimit-Policy").Single());
        var limit = LimitField().Match(response.Headers.GetValues("RateLimit").Single());
        Assert.True(policy.Success && limit.Success, $"malformed: {response.Headers}");
        Assert.Equal(policy.Groups["name"].Value, limit.Groups["name"].Value);
        return (policy.Groups["name"].Value, int.Parse(policy.Groups["q"].Value), int.Parse(policy.Groups["w"].Value),
            int.Parse(limit.Groups["r"].Value), int.Parse(limit.Groups["t"].Value));
    }

    private async Task<long> CountPeopleNamedAsync(string name)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM people WHERE name = @name", new { name });
    }

    [Fact]
    public async Task A_burst_over_the_read_budget_gets_429_with_retry_after_and_ratelimit_headers()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress());

        for (var i = 1; i <= LimitsFixture.AnonymousReads; i++)
        {
            var ok = await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
            var (policy, quota, window, remaining, reset) = RateLimitOf(ok);
            Assert.Equal(("anonymous-read", LimitsFixture.AnonymousReads, 86400, LimitsFixture.AnonymousReads - i), (policy, quota, window, remaining));
            Assert.InRange(reset, 1, 86400);
        }

        var refused = await client.GetAsync("/v1/people?limit=1");

        var problem = await refused.AssertProblemAsync(ProblemTypes.RateLimited);
        Assert.False(refused.Headers.Contains("Server"));
        Assert.Contains("Retry after", problem.GetProperty("detail").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After");
        var status = RateLimitOf(refused);
        Assert.Equal(("anonymous-read", 0), (status.Policy, status.Remaining));
        Assert.InRange(retryAfter.TotalSeconds, 1, 86400);
        Assert.InRange(Math.Abs(retryAfter.TotalSeconds - status.Reset), 0, 1);
    }

    [Fact]
    public async Task Each_client_address_has_its_own_budget()
    {
        var exhausted = api.CreateClientAt(LimitsFixture.NewAddress());
        for (var i = 0; i < LimitsFixture.AnonymousReads; i++)
        {
            await exhausted.GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
        }

        await (await exhausted.GetAsync("/v1/people/yulia-peresild")).AssertProblemAsync(ProblemTypes.RateLimited);
        await api.CreateClientAt(LimitsFixture.NewAddress()).GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_cannot_escape_its_budget_by_forging_x_forwarded_for()
    {
        // The trusted proxy appends the real address; only that last hop counts.
        var real = LimitsFixture.NewAddress();
        for (var i = 0; i < LimitsFixture.AnonymousReads; i++)
        {
            await api.CreateClientAt($"203.0.113.{i + 1}, {real}").GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        }

        await (await api.CreateClientAt($"203.0.113.99, {real}").GetAsync("/v1/people?limit=1")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_key_gets_its_own_larger_read_budget_wherever_it_comes_from()
    {
        var address = LimitsFixture.NewAddress();
        var anonymous = api.CreateClientAt(address);
        for (var i = 0; i < LimitsFixture.AnonymousReads; i++)
        {
            await anonymous.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        }

        var keyed = api.CreateClientAt(address, await api.CreateKeyAsync("reader"));
        for (var i = 1; i <= LimitsFixture.KeyedReads; i++)
        {
            var response = await keyed.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
            Assert.Equal(("keyed-read", LimitsFixture.KeyedReads, LimitsFixture.KeyedReads - i), (RateLimitOf(response).Policy, RateLimitOf(response).Quota, RateLimitOf(response).Remaining));
        }

        await (await keyed.GetAsync("/v1/people?limit=1")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Writes_have_their_own_budget_apart_from_reads()
    {
        var key = await api.CreateKeyAsync("writer");
        var client = api.CreateClientAt(LimitsFixture.NewAddress(), key);
        for (var i = 0; i < LimitsFixture.KeyedReads; i++)
        {
            await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        }

        for (var i = 1; i <= LimitsFixture.KeyedWrites; i++)
        {
            var created = await client.PostAsync("/v1/people", Json(new { name = Unique("Budget") })).AssertStatusAsync(HttpStatusCode.Created);
            Assert.Equal(("keyed-write", LimitsFixture.KeyedWrites - i), (RateLimitOf(created).Policy, RateLimitOf(created).Remaining));
        }

        var name = Unique("One Too Many");
        var refused = await client.PostAsync("/v1/people", Json(new { name }));
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task Anonymous_writes_are_counted_too_so_keys_cannot_be_guessed_at_speed()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress(), "rk_abcdefgh_" + new string('A', 43));
        for (var i = 0; i < LimitsFixture.AnonymousWrites; i++)
        {
            var response = await client.PostAsync("/v1/people", Json(new { name = "Guess" }));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal("anonymous-write", RateLimitOf(response).Policy);
        }

        await (await client.PostAsync("/v1/people", Json(new { name = "Guess" }))).AssertProblemAsync(ProblemTypes.RateLimited);
    }

    [Fact]
    public async Task A_304_costs_a_tenth_of_a_request()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress());
        var first = await client.GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(LimitsFixture.AnonymousReads - 1, RateLimitOf(first).Remaining);

        var remaining = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var notModified = await client.GetIfNoneMatchAsync("/v1/people/yulia-peresild", first.ETag());
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            remaining.Add(RateLimitOf(notModified).Remaining);
        }

        // Four requests left, minus 0.1 per 304: 3.9, 3.8, … 3.0, shown rounded down.
        Assert.Equal([.. Enumerable.Repeat(3, 10)], remaining);
        var after = await client.GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(LimitsFixture.AnonymousReads - 3, RateLimitOf(after).Remaining);
    }

    [Fact]
    public async Task A_budget_comes_back_when_its_window_resets_and_not_before()
    {
        // Windows are counted from the Unix epoch: this clock stands half a second into a two-second window.
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(0.5));
        await using var factory = api.WithClock(clock, ("RateLimits:Window", "00:00:02"), ("RateLimits:AnonymousReads", "2"));
        var client = factory.CreateClient();
        await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);

        var refused = await client.GetAsync("/v1/people?limit=1");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        // 1.5 s left, in whole seconds rounded up.
        Assert.Equal((0, 2), (RateLimitOf(refused).Remaining, RateLimitOf(refused).Reset));
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        clock.Advance(TimeSpan.FromSeconds(1.5) - TimeSpan.FromTicks(1));
        await (await client.GetAsync("/v1/people?limit=1")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        clock.Advance(TimeSpan.FromTicks(1));
        var again = await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal((1, 2), (RateLimitOf(again).Remaining, RateLimitOf(again).Reset));
    }

    /// <summary>A 413 problem that names the limit, and no person of that name stored.</summary>
    private async Task AssertTooLargeAndNothingStoredAsync(HttpResponseMessage response, string name)
    {
        var problem = await response.AssertProblemAsync(ProblemTypes.PayloadTooLarge);
        Assert.Contains("65536 bytes", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_problem_and_stores_nothing()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress(), api.WriterKey);
        var name = Unique("Huge");
        var body = $$"""{"name": "{{name}}", "sources": ["https://example.org/{{new string('a', 1024 * 1024)}}"]}""";

        var response = await client.PostAsync("/v1/people", Json(body));

        await AssertTooLargeAndNothingStoredAsync(response, name);
    }

    [Fact]
    public async Task A_streamed_body_over_64_KiB_without_a_length_is_413_problem_too()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress(), api.WriterKey);
        var name = Unique("Streamed");
        var bytes = System.Text.Encoding.UTF8.GetBytes($$"""{"name": "{{name}}", "nativeName": "{{new string('b', 1024 * 1024)}}"}""");
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await AssertTooLargeAndNothingStoredAsync(response, name);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read_and_validated()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress(), api.WriterKey);
        var body = $$"""{"name": "{{new string('n', 60 * 1024)}}"}""";

        await (await client.PostAsync("/v1/people", Json(body))).AssertValidationErrorAsync("name");
    }

    [Fact]
    public async Task A_very_long_query_string_is_414_problem()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress());

        var response = await client.GetAsync("/v1/people?q=" + new string('x', 5000));

        var problem = await response.AssertProblemAsync(ProblemTypes.UriTooLong);
        Assert.Contains("4096", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Very_large_header_fields_are_431_problem()
    {
        var client = api.CreateClientAt(LimitsFixture.NewAddress());
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/people?limit=1");
        for (var i = 0; i < 5; i++)
        {
            request.Headers.Add($"X-Padding-{i}", new string('p', 4000));
        }

        var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(ProblemTypes.RequestHeadersTooLarge);
        Assert.Contains("16384", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_statement_slower_than_statement_timeout_is_cancelled_with_503()
    {
        await using var factory = api.WithSettings(("Database:StatementTimeout", "00:00:01"), ("RequestLimits:RequestTimeout", "00:00:30"));
        var client = factory.CreateClient();
        await using var locker = await LockPeopleAsync();

        var response = await client.GetAsync("/v1/people?limit=1");

        // The database cancelled the statement: the request timeout, 30 s, did not stop it.
        var problem = await response.AssertDatabaseUnavailableAsync("a statement past its timeout");
        Assert.Contains("database is unavailable", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_request_slower_than_the_request_timeout_is_stopped_with_503()
    {
        // The one connection is held by a request stuck on a lock, so the next one waits for a
        // connection far longer than its request may take.
        await using var factory = api.WithSettings(
            ("RequestLimits:RequestTimeout", "00:00:01"), ("Database:MaxConnections", "1"),
            ("Database:ConnectionWait", "00:00:30"), ("Database:StatementTimeout", "00:00:30"));
        var (busy, stopped) = await ReadWhileTheOnlyConnectionIsHeldAsync(factory.CreateClient());

        var problem = await stopped.AssertProblemAsync(ProblemTypes.Timeout);
        Assert.Contains("longer than 1 s", problem.GetProperty("detail").GetString());
        Assert.NotNull(stopped.Headers.RetryAfter);
        await busy;
    }

    [Fact]
    public async Task When_every_connection_is_busy_a_request_waits_briefly_then_gets_503()
    {
        await using var factory = api.WithSettings(
            ("Database:MaxConnections", "1"), ("Database:ConnectionWait", "00:00:01"), ("Database:StatementTimeout", "00:00:20"));
        var (busy, shed) = await ReadWhileTheOnlyConnectionIsHeldAsync(factory.CreateClient());

        // Shed for want of a connection: neither the statement timeout (20 s) nor the request timeout stopped it.
        var problem = await shed.AssertDatabaseUnavailableAsync("a request finding no free connection");
        Assert.Contains("database is unavailable", problem.GetProperty("detail").GetString());
        // The request holding the connection finishes once the lock is gone.
        await busy.AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_locked_table_ties_up_only_its_own_share_of_connections_and_other_resources_still_answer()
    {
        // Two connections per pool: the requests of one resource may hold one of them (PoolShares).
        await using var factory = api.WithSettings(
            ("Database:MaxConnections", "2"), ("Database:ConnectionWait", "00:00:01"), ("Database:StatementTimeout", "00:00:20"),
            ("RateLimits:AnonymousReads", "100"));
        var client = factory.CreateClient();
        var mission = (await (await client.GetAsync("/v1/missions?limit=1")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("slug").GetString();
        Task<HttpResponseMessage> busy;
        HttpResponseMessage shed;
        await using (var locker = await LockPeopleAsync())
        {
            busy = client.GetAsync("/v1/people?limit=1");
            await WaitUntilBlockedAsync();

            // People's share of the lists' pool is held by the blocked list: another people list waits, then 503.
            shed = await client.GetAsync("/v1/people?limit=2");
            // Another resource whose reads do not touch people still finds a connection in the same pools,
            // for lists and reads by slug alike (records would wait: their holders are people).
            await client.GetAsync("/v1/missions?limit=2").AssertStatusAsync(HttpStatusCode.OK);
            await client.GetAsync($"/v1/missions/{mission}").AssertStatusAsync(HttpStatusCode.OK);
            await client.GetAsync("/v1/changes?limit=2").AssertStatusAsync(HttpStatusCode.OK);
        }

        var problem = await shed.AssertDatabaseUnavailableAsync("a second people list while the first is stuck behind the lock");
        Assert.NotNull(shed.Headers.RetryAfter);
        Assert.Contains("database is unavailable", problem.GetProperty("detail").GetString());
        await busy.AssertStatusAsync(HttpStatusCode.OK);
        // The share comes back with the connection.
        await client.GetAsync("/v1/people?limit=3").AssertStatusAsync(HttpStatusCode.OK);
        await client.GetAsync("/v1/people?limit=4").AssertStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// Sends a read while the one pooled connection (Database:MaxConnections 1) is held by another read
    /// stuck behind a lock on people; answers that other read, still running, and the response.
    /// </summary>
    private async Task<(Task<HttpResponseMessage> Busy, HttpResponseMessage Response)> ReadWhileTheOnlyConnectionIsHeldAsync(HttpClient client)
    {
        await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        await using var locker = await LockPeopleAsync();
        var busy = client.GetAsync("/v1/people?limit=1");
        await WaitUntilBlockedAsync();
        // Another list: lists have a pool of their own (Database:ReadConnections, by default MaxConnections).
        return (busy, await client.GetAsync("/v1/people?limit=2"));
    }

    /// <summary>Holds an exclusive lock on people until disposed, so any read of it waits.</summary>
    private async Task<TableLock> LockPeopleAsync()
    {
        var connection = await api.Database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("LOCK TABLE people IN ACCESS EXCLUSIVE MODE", transaction: transaction);
        return new TableLock(connection, transaction);
    }

    /// <summary>Waits until some session is waiting for a lock on people.</summary>
    private async Task WaitUntilBlockedAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        for (var i = 0; i < 100; i++)
        {
            if (await connection.ExecuteScalarAsync<bool>(
                """
                SELECT EXISTS (SELECT FROM pg_locks
                               WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                 AND relation = 'people'::regclass AND NOT granted)
                """))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("No request came to wait for the lock on people.");
    }

    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    [GeneratedRegex("""^"(?<name>[a-z-]+)";q=(?<q>\d+);w=(?<w>\d+)$""")]
    private static partial Regex PolicyField();

    [GeneratedRegex("""^"(?<name>[a-z-]+)";r=(?<r>\d+);t=(?<t>\d+)$""")]
    private static partial Regex LimitField();
}
