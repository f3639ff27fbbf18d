using RecordsApi.Infrastructure.Auth;
using RecordsApi.Keys;

namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateWriterClient();

    private static string NewKey() => Guid.NewGuid().ToString();

    private static HttpRequestMessage Post(string body, string? key, string path = "/v1/people")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return request;
    }

    private static string PersonBody(string name) => JsonSerializer.Serialize(new { name, nationality = "RU", occupations = new[] { "cosmonaut" } });

    private async Task<int> CountPeopleNamedAsync(string name)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE name = @name", new { name });
    }

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    [Fact]
    public async Task Retry_with_the_same_key_and_body_answers_the_first_response_again_and_creates_once()
    {
        var key = NewKey();
        var name = Unique("Idempotent Person");

        var first = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);
        var retry = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);

        Assert.False(Replayed(first));
        Assert.True(Replayed(retry));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.ETag(), retry.ETag());
        Assert.Equal("application/json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountPeopleNamedAsync(name));
        var id = (await first.ReadJsonAsync()).GetProperty("id").GetInt64();
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM revisions WHERE resource = 'people' AND resource_id = @id", new { id }));
    }

    [Fact]
    public async Task Retry_with_the_same_json_spaced_and_ordered_differently_is_the_same_request()
    {
        var key = NewKey();
        var name = Unique("Reformatted Person");
        await client.SendAsync(Post($$"""{"name":"{{name}}","nationality":"US"}""", key)).AssertStatusAsync(HttpStatusCode.Created);

        var retry = await client.SendAsync(Post($$"""{ "nationality" : "US",  "name" : "{{name}}" }""", key)).AssertStatusAsync(HttpStatusCode.Created);

        Assert.True(Replayed(retry));
        Assert.Equal(1, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_and_creates_nothing()
    {
        var key = NewKey();
        var name = Unique("First Body");
        var other = Unique("Second Body");
        await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);

        var problem = await (await client.SendAsync(Post(PersonBody(other), key))).AssertProblemAsync(ProblemTypes.IdempotencyKeyReused);

        Assert.Contains("different request", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(other));
    }

    [Fact]
    public async Task Requests_without_a_key_are_not_deduplicated()
    {
        var name = Unique("Keyless Person");

        await client.SendAsync(Post(PersonBody(name), key: null)).AssertStatusAsync(HttpStatusCode.Created);
        var second = await client.SendAsync(Post(PersonBody(name), key: null)).AssertStatusAsync(HttpStatusCode.Created);

        Assert.False(Replayed(second));
        Assert.Equal(2, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task A_client_error_response_is_stored_and_replayed_too()
    {
        var key = NewKey();
        var body = """{"name": "Slug Thief", "slug": "yulia-peresild"}""";

        var first = await client.SendAsync(Post(body, key));
        var retry = await client.SendAsync(Post(body, key));

        var firstProblem = await first.AssertProblemAsync(ProblemTypes.SlugTaken);
        var retryProblem = await retry.AssertProblemAsync(ProblemTypes.SlugTaken);
        Assert.True(Replayed(retry));
        Assert.Equal(firstProblem.ToString(), retryProblem.ToString());
    }

    [Fact]
    public async Task A_request_the_validators_reject_does_not_take_the_key()
    {
        var key = NewKey();
        var name = Unique("Valid After Invalid");

        await (await client.SendAsync(Post("""{"name": ""}""", key))).AssertValidationErrorAsync("name");
        var valid = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);

        Assert.False(Replayed(valid));
        Assert.Equal(1, await CountPeopleNamedAsync(name));
    }

    public static TheoryData<string> InvalidKeys => new()
    {
        "   ",
        new string('k', 256),
        "tab\tinside",
        "bell\u0007",
        "del\u007f",
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task An_invalid_key_is_400_and_creates_nothing(string key)
    {
        var name = Unique("Bad Key Person");

        var problem = await (await client.SendAsync(Post(PersonBody(name), key))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task Two_key_headers_are_400()
    {
        var request = Post(PersonBody(Unique("Two Keys")), NewKey());
        request.Headers.TryAddWithoutValidation("Idempotency-Key", NewKey());

        await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_longest_key_is_accepted()
    {
        var key = NewKey() + new string('k', 255 - 36);

        await client.SendAsync(Post(PersonBody(Unique("Long Key")), key)).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_retry_while_the_first_is_still_running_is_409_with_retry_after()
    {
        // A patient instance, so the first attempt cannot be taken over however slow this machine is.
        await using var patient = api.WithSettings(("Idempotency:AbandonAfter", "00:00:30"));
        var patientClient = patient.CreateClient();
        patientClient.DefaultRequestHeaders.Add("X-Api-Key", api.WriterKey);
        var key = NewKey();
        var name = Unique("Slow Person");
        Task<HttpResponseMessage> first;
        await using (var barrier = await WriteBarrier.RaiseAsync(api.Database))
        {
            first = patientClient.SendAsync(Post(PersonBody(name), key));
            await barrier.WaitForBlockedAsync();

            var retry = await patientClient.SendAsync(Post(PersonBody(name), key));

            var problem = await retry.AssertProblemAsync(ProblemTypes.IdempotencyKeyInProgress);
            Assert.Contains("still being processed", problem.GetProperty("detail").GetString());
            // No later than Retry-After, the key is answered or may be taken over.
            Assert.InRange(retry.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        }

        var created = await first.AssertStatusAsync(HttpStatusCode.Created);
        var later = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.True(Replayed(later));
        Assert.Equal(await created.Content.ReadAsStringAsync(), await later.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task A_server_error_is_not_stored_and_the_key_is_free_for_a_retry()
    {
        var key = NewKey();
        var name = Unique("Interrupted Person");
        HttpResponseMessage failed;
        await using (var barrier = await WriteBarrier.RaiseAsync(api.Database))
        {
            var first = client.SendAsync(Post(PersonBody(name), key));
            await barrier.WaitForBlockedAsync();
            // The database drops the connection of the request mid-write.
            await using var connection = await api.Database.OpenConnectionAsync();
            foreach (var pid in await barrier.BlockedBackendsAsync())
            {
                await connection.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid });
            }

            failed = await first;
        }

        await failed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        var retry = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.False(Replayed(retry));
        Assert.Equal(1, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task An_attempt_overtaken_by_a_retry_cannot_commit_so_the_request_applies_once()
    {
        // A key whose attempt looks abandoned after one second may be taken over by a retry.
        await using var impatient = api.WithSettings(("Idempotency:AbandonAfter", "00:00:01"));
        var impatientClient = impatient.CreateClient();
        impatientClient.DefaultRequestHeaders.Add("X-Api-Key", api.WriterKey);
        var key = NewKey();
        var name = Unique("Overtaken Person");
        Task<HttpResponseMessage> original, takeover;
        await using (var barrier = await WriteBarrier.RaiseAsync(api.Database))
        {
            original = impatientClient.SendAsync(Post(PersonBody(name), key));
            await barrier.WaitForBlockedAsync(1);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            takeover = impatientClient.SendAsync(Post(PersonBody(name), key));
            await barrier.WaitForBlockedAsync(2);
        }

        var originalProblem = await (await original).AssertProblemAsync(ProblemTypes.IdempotencyKeySuperseded);
        Assert.Contains("took over", originalProblem.GetProperty("detail").GetString());
        var winner = await takeover.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(1, await CountPeopleNamedAsync(name));
        var replay = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.True(Replayed(replay));
        Assert.Equal(await winner.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_create_stores_its_response_in_its_own_transaction()
    {
        var key = NewKey();
        var created = await client.SendAsync(Post(PersonBody(Unique("Stored With The Write")), key)).AssertStatusAsync(HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();

        // now() is the transaction's start: the key was answered in the transaction that appended the revision.
        await using var connection = await api.Database.OpenConnectionAsync();
        var (status, body, sameTransaction) = await connection.QuerySingleAsync<(int, byte[], bool)>(
            """
            SELECT k.status, k.body, k.completed_at = r.changed_at
            FROM idempotency_keys k JOIN revisions r ON r.id = k.applied_revision
            WHERE k.key = @key AND r.resource = 'people' AND r.resource_id = @id
            """,
            new { key, id });
        Assert.Equal(201, status);
        Assert.Equal(await created.Content.ReadAsByteArrayAsync(), body);
        Assert.True(sameTransaction);
    }

    [Fact]
    public async Task A_key_held_by_an_attempt_that_died_is_409_until_its_retry_after_then_runs_afresh()
    {
        // A claim as left by an attempt whose instance was killed, or whose database crashed, before it
        // committed: taken just now, for this very request (its hash copied from a first request with another key).
        var name = Unique("Died Mid Write");
        var body = PersonBody(name);
        var first = NewKey();
        var key = NewKey();
        await client.SendAsync(Post(body, first)).AssertStatusAsync(HttpStatusCode.Created);
        await using var connection = await api.Database.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (scope, key, request_hash, attempt)
            SELECT scope, @key, request_hash, gen_random_uuid() FROM idempotency_keys WHERE key = @first
            """,
            new { key, first });

        var held = await client.SendAsync(Post(body, key));

        await held.AssertProblemAsync(ProblemTypes.IdempotencyKeyInProgress);
        var wait = held.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        // As if the client waited what Retry-After said.
        await connection.ExecuteAsync(
            "UPDATE idempotency_keys SET created_at = created_at - make_interval(secs => @seconds) WHERE key = @key",
            new { key, seconds = wait.TotalSeconds });
        var retry = await client.SendAsync(Post(body, key)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.False(Replayed(retry));
        Assert.Equal(2, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task A_key_applied_without_a_stored_response_is_409_naming_what_changed()
    {
        // As left by an earlier version of the service, which stored the response after the write committed,
        // when its instance died in between.
        var key = NewKey();
        var name = Unique("Orphaned Write");
        var created = await (await client.SendAsync(Post(PersonBody(name), key))).ReadJsonAsync();
        var id = created.GetProperty("id").GetInt64();
        await using (var connection = await api.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                UPDATE idempotency_keys SET status = NULL, headers = NULL, body = NULL, completed_at = NULL,
                    created_at = now() - interval '2 minutes'
                WHERE key = @key
                """,
                new { key });
        }

        var retry = await client.SendAsync(Post(PersonBody(name), key));

        var problem = await retry.AssertProblemAsync(ProblemTypes.IdempotencyResponseLost);
        Assert.Contains($"/v1/people/{id}", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        var key = NewKey();
        var name = Unique("Own Key");
        var admin = api.CreateAdminClient();

        var mine = await client.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);
        var theirs = await admin.SendAsync(Post(PersonBody(name), key)).AssertStatusAsync(HttpStatusCode.Created);

        Assert.False(Replayed(mine));
        Assert.False(Replayed(theirs));
        Assert.Equal(2, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task An_expired_key_may_be_used_again_and_the_cleanup_deletes_expired_keys()
    {
        var reused = NewKey();
        var forgotten = NewKey();
        await using (var connection = await api.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO idempotency_keys (scope, key, request_hash, attempt, status, headers, body, created_at, completed_at)
                SELECT @scope, k, '\x00', gen_random_uuid(), 201, '{}', '\x7b7d', now() - interval '25 hours', now() - interval '25 hours'
                FROM unnest(ARRAY[@reused, @forgotten]) AS k
                """,
                new { reused, forgotten, scope = ApiFixture.WriterName });
        }

        var name = Unique("Expired Key");
        var response = await client.SendAsync(Post(PersonBody(name), reused)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.False(Replayed(response));

        await using var tidy = api.WithSettings(("Idempotency:CleanupInterval", "00:00:00.200"));
        _ = tidy.Services;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        await using var check = await api.Database.OpenConnectionAsync();
        while (await check.ExecuteScalarAsync<int>("SELECT count(*) FROM idempotency_keys WHERE key = @forgotten", new { forgotten }) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired key was not deleted");
            await Task.Delay(100);
        }

        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM idempotency_keys WHERE key = @reused", new { reused }));
    }

    [Fact]
    public async Task A_caller_over_its_cap_of_stored_responses_loses_its_oldest_keys_first()
    {
        var caller = await KeysStore.CreateAsync(api.Database, UniqueSlug("capped"), ApiKeyScope.Write, "tests");
        var capped = api.CreateClientWithKey(caller!.Key);
        var keys = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();
        var bodies = keys.Select(_ => PersonBody(Unique("Capped Caller"))).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            await capped.SendAsync(Post(bodies[i], keys[i])).AssertStatusAsync(HttpStatusCode.Created);
        }

        // Room for the newest three answers of this caller, as the cap counts them.
        await using var connection = await api.Database.OpenConnectionAsync();
        var held = await connection.ExecuteScalarAsync<long>(
            "SELECT sum(octet_length(body) + octet_length(headers::text) + octet_length(key)) FROM idempotency_keys WHERE key = ANY(@newest)",
            new { newest = keys[2..] });
        await using (var tidy = api.WithSettings(("Idempotency:MaxBytesPerCaller", $"{held}"), ("Idempotency:CleanupInterval", "00:00:00.200")))
        {
            _ = tidy.Services;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM idempotency_keys WHERE key = ANY(@keys)", new { keys }) > 3)
            {
                Assert.True(DateTime.UtcNow < deadline, "the caller's oldest keys were not evicted");
                await Task.Delay(100);
            }
        }

        var kept = await connection.QueryAsync<string>("SELECT key FROM idempotency_keys WHERE key = ANY(@keys)", new { keys });
        Assert.Equal(keys[2..].Order(StringComparer.Ordinal), kept.Order(StringComparer.Ordinal));
        Assert.True(Replayed(await capped.SendAsync(Post(bodies[4], keys[4])).AssertStatusAsync(HttpStatusCode.Created)));
        // An evicted key is forgotten, as an expired one is: the same request runs again.
        Assert.False(Replayed(await capped.SendAsync(Post(bodies[0], keys[0])).AssertStatusAsync(HttpStatusCode.Created)));
    }

    [Fact]
    public async Task Making_an_api_key_refuses_an_idempotency_key_since_its_secret_is_never_stored()
    {
        var admin = api.CreateAdminClient();
        var name = UniqueSlug("idem");

        var response = await admin.SendAsync(Post(JsonSerializer.Serialize(new { name }), NewKey(), "/v1/keys"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("secret", problem.GetProperty("detail").GetString());
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM api_keys WHERE name = @name", new { name }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM idempotency_keys WHERE position('rk_' in convert_from(body, 'UTF8')) > 0"));
    }

    [Fact]
    public async Task The_openapi_document_declares_the_header_on_posts_only()
    {
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).ReadJsonAsync();
        var people = document.GetProperty("paths").GetProperty("/v1/people");

        static IEnumerable<string> HeaderNames(JsonElement operation) =>
            operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!)
                : [];

        Assert.Contains("Idempotency-Key", HeaderNames(people.GetProperty("post")));
        Assert.DoesNotContain("Idempotency-Key", HeaderNames(people.GetProperty("get")));
        Assert.True(people.GetProperty("post").GetProperty("responses").TryGetProperty("422", out _));
        Assert.DoesNotContain("Idempotency-Key", HeaderNames(document.GetProperty("paths").GetProperty("/v1/keys").GetProperty("post")));
    }
}
