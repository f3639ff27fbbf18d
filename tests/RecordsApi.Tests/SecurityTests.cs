using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Time.Testing;
using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Tests;

/// <summary>Who may write, key management, security headers, CORS, the documented lock, and no leaks.</summary>
[Collection(ApiCollection2.Name)]
public sealed class SecurityTests(ApiFixture api)
{
    private readonly HttpClient anonymous = api.CreateClient();
    private readonly HttpClient writer = api.CreateWriterClient();
    private readonly HttpClient admin = api.CreateAdminClient();

    private async Task<long> CountPeopleNamedAsync(string name)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM people WHERE name = @name", new { name });
    }

    private static async Task<JsonElement> CreatePersonAsync(HttpClient client, string name) =>
        await (await client.PostAsync("/v1/people", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created)).ReadJsonAsync();

    private async Task<(string Key, string Prefix)> CreateKeyOverHttpAsync(string name, string scope = "write")
    {
        var response = await admin.PostAsync("/v1/keys", Json(new { name, scope })).AssertStatusAsync(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("key").GetString()!, created.GetProperty("prefix").GetString()!);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("ApiKey", challenge.Scheme);
        Assert.Equal("header=\"X-Api-Key\"", challenge.Parameter);
    }

    [Fact]
    public async Task Post_without_a_key_is_401_with_a_challenge_and_stores_nothing()
    {
        var name = Unique("Keyless");

        var response = await anonymous.PostAsync("/v1/people", Json(new { name }));

        await AssertUnauthorizedAsync(response);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task Put_and_delete_without_a_key_are_401_and_change_nothing()
    {
        var name = Unique("Guarded");
        var created = await CreatePersonAsync(writer, name);
        var url = $"/v1/people/{created.GetProperty("id").GetInt64()}";

        await AssertUnauthorizedAsync(await anonymous.PutIfMatchAsync(url, new { name = "Overwritten" }, "\"1\""));
        await AssertUnauthorizedAsync(await anonymous.DeleteIfMatchAsync(url, "\"1\""));

        var stored = await anonymous.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((name, 1), (stored.GetProperty("name").GetString(), stored.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task With_a_write_key_the_same_post_is_201_and_history_names_the_key()
    {
        var name = Unique("Keyed");
        await AssertUnauthorizedAsync(await anonymous.PostAsync("/v1/people", Json(new { name })));

        var created = await CreatePersonAsync(writer, name);

        var history = await anonymous.GetFromJsonAsync<JsonElement>($"/v1/people/{created.GetProperty("id").GetInt64()}/history");
        var revision = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(ApiFixture.WriterName, revision.GetProperty("changedBy").GetString());
        Assert.Equal(1, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task An_admin_key_may_write_too_and_history_names_it()
    {
        var created = await CreatePersonAsync(admin, Unique("Admin Made"));

        var history = await anonymous.GetFromJsonAsync<JsonElement>($"/v1/people/{created.GetProperty("id").GetInt64()}/history");
        Assert.Equal(ApiFixture.AdminName, history.GetProperty("items")[0].GetProperty("changedBy").GetString());
    }

    public static TheoryData<string, string> BadKeys => new()
    {
        { "rk_abcdefgh_" + new string('A', 43), "unknown or has been revoked" },
        { "not-a-key", "does not hold a key" },
        { "rk_ABCDEFGH_" + new string('A', 43), "does not hold a key" },
        { "rk_abcdefgh_" + new string('!', 43), "does not hold a key" },
        { "Bearer rk_abcdefgh_" + new string('A', 43), "does not hold a key" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task An_unknown_or_malformed_key_is_401_on_a_write_and_stores_nothing(string key, string hint)
    {
        var name = Unique("Bad Key");
        var client = api.CreateClientWithKey(key);

        var response = await client.PostAsync("/v1/people", Json(new { name }));

        await AssertUnauthorizedAsync(response);
        Assert.Contains(hint, (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task A_real_prefix_with_a_wrong_secret_is_401_because_keys_are_found_by_their_hash()
    {
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("prefix-only"));
        var forged = key[..^4] + (key[^4..] == "AAAA" ? "BBBB" : "AAAA");
        Assert.StartsWith($"rk_{prefix}_", forged);

        await AssertUnauthorizedAsync(await api.CreateClientWithKey(forged).PostAsync("/v1/people", Json(new { name = Unique("Forged") })));
        await CreatePersonAsync(api.CreateClientWithKey(key), Unique("Genuine"));
    }

    [Fact]
    public async Task Two_key_headers_are_401()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = Json(new { name = Unique("Twice") }) };
        request.Headers.Add("X-Api-Key", [api.WriterKey, api.AdminKey]);

        await AssertUnauthorizedAsync(await anonymous.SendAsync(request));
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("revokee"));
        var client = api.CreateClientWithKey(key);
        await CreatePersonAsync(client, Unique("Before Revocation"));

        await admin.DeleteAsync($"/v1/keys/{prefix}").AssertStatusAsync(HttpStatusCode.NoContent);

        var name = Unique("After Revocation");
        var response = await client.PostAsync("/v1/people", Json(new { name }));
        await AssertUnauthorizedAsync(response);
        Assert.Contains("revoked", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    /// <summary>The budget a read was counted against, from its RateLimit-Policy field: "keyed-read" or "anonymous-read".</summary>
    private static async Task<string> ReadBudgetAsync(HttpClient client)
    {
        var response = await client.GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
        return response.Headers.GetValues("RateLimit-Policy").Single().Split(';')[0].Trim('"');
    }

    /// <summary>Revokes a key the way another process (the keys CLI, another instance) does: in the database only.</summary>
    private async Task RevokeElsewhereAsync(string prefix)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE api_keys SET revoked_at = now(), revoked_by = 'tests' WHERE prefix = @prefix", new { prefix });
    }

    /// <summary>A client of <paramref name="service"/> that sends <paramref name="key"/>.</summary>
    private static HttpClient KeyedClient(WebApplicationFactory<Program> service, string key)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        return client;
    }

    /// <summary>Lookups trusted for 2 s by writes and 10 s by reads, as configured by default.</summary>
    private static readonly (string, string)[] KeyWindows = [("ApiKeys:WriteCacheDuration", "00:00:02"), ("ApiKeys:ReadCacheDuration", "00:00:10")];

    [Fact]
    public async Task A_key_revoked_elsewhere_still_writes_no_longer_than_the_write_cache_duration_then_is_401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = api.WithClock(clock, KeyWindows);
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("writing-on"));
        var client = KeyedClient(service, key);
        await CreatePersonAsync(client, Unique("Before Revocation"));

        await RevokeElsewhereAsync(prefix);

        // Within two seconds of the lookup the write relies on it: this is what saves each write its lookup.
        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        await CreatePersonAsync(client, Unique("Within The Window"));
        // Two seconds after the lookup, the next write looks the key up again, finds it revoked and stores nothing.
        clock.Advance(TimeSpan.FromTicks(1));
        var name = Unique("After The Window");
        var refused = await client.PostAsync("/v1/people", Json(new { name }));
        await AssertUnauthorizedAsync(refused);
        Assert.Contains("revoked", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountPeopleNamedAsync(name));
    }

    [Fact]
    public async Task A_write_does_not_rely_on_a_lookup_older_than_the_write_window_although_reads_still_would()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = api.WithClock(clock, KeyWindows);
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("read-then-write"));
        var client = KeyedClient(service, key);
        Assert.Equal("keyed-read", await ReadBudgetAsync(client));

        await RevokeElsewhereAsync(prefix);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("keyed-read", await ReadBudgetAsync(client));

        var name = Unique("Stale Read Lookup");
        await AssertUnauthorizedAsync(await client.PostAsync("/v1/people", Json(new { name })));
        Assert.Equal(0, await CountPeopleNamedAsync(name));
        // The write's lookup found the key revoked, so reads no longer rely on the old one either.
        await AssertUnauthorizedAsync(await client.GetAsync("/v1/people/yulia-peresild"));
    }

    [Fact]
    public async Task Key_management_looks_its_key_up_every_time_even_right_after_a_write()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = api.WithClock(clock, KeyWindows);
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("admin-elsewhere"), scope: "admin");
        var client = KeyedClient(service, key);
        await CreatePersonAsync(client, Unique("Admin Writes"));
        await client.GetAsync("/v1/keys?limit=1").AssertStatusAsync(HttpStatusCode.OK);

        await RevokeElsewhereAsync(prefix);

        await AssertUnauthorizedAsync(await client.GetAsync("/v1/keys?limit=1"));
    }

    [Fact]
    public async Task A_key_revoked_elsewhere_still_reads_no_longer_than_the_read_cache_duration_then_is_401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = api.WithClock(clock, ("ApiKeys:ReadCacheDuration", "00:00:03"));
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("lingering"));
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        Assert.Equal("keyed-read", await ReadBudgetAsync(client));

        await RevokeElsewhereAsync(prefix);

        // Remembered: the revocation is not seen yet by reads, which is what saves each keyed read its lookup.
        Assert.Equal("keyed-read", await ReadBudgetAsync(client));
        clock.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        Assert.Equal("keyed-read", await ReadBudgetAsync(client));
        // Three seconds after the key was remembered, the next read looks it up again, finds it revoked and refuses it.
        clock.Advance(TimeSpan.FromTicks(1));
        var refused = await client.GetAsync("/v1/people/yulia-peresild");
        await AssertUnauthorizedAsync(refused);
        Assert.Contains("revoked", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Revoking_through_the_service_refuses_the_key_at_once_even_on_reads()
    {
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("forgotten"));
        var client = api.CreateClientWithKey(key);
        Assert.Equal("keyed-read", await ReadBudgetAsync(client));

        await admin.DeleteAsync($"/v1/keys/{prefix}").AssertStatusAsync(HttpStatusCode.NoContent);

        await AssertUnauthorizedAsync(await client.GetAsync("/v1/people/yulia-peresild"));
    }

    [Fact]
    public async Task Reads_need_no_key()
    {
        Assert.Equal("anonymous-read", await ReadBudgetAsync(anonymous));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v1/people?limit=1")).StatusCode);
    }

    [Theory]
    [InlineData("garbage", "does not hold a key of this service")]
    [InlineData("rk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown or has been revoked")]
    [InlineData("rk_abcdefgh_short", "does not hold a key of this service")]
    public async Task A_bad_key_is_401_on_every_request_reads_included(string key, string why)
    {
        var client = api.CreateClientWithKey(key);
        foreach (var path in new[] { "/v1/people/yulia-peresild", "/v1/people?limit=1", "/v1/leaderboards", "/v1/no-such-path", "/health/live" })
        {
            var response = await client.GetAsync(path);
            await AssertUnauthorizedAsync(response);
            var problem = await response.ReadJsonAsync();
            Assert.Equal("https://records-api.dev/problems/unauthorized", problem.GetProperty("type").GetString());
            Assert.Contains(why, problem.GetProperty("detail").GetString());
            // A refused key is still counted, against the anonymous budget: keys cannot be guessed at speed on reads either.
            Assert.StartsWith("\"anonymous-", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_key_headers_are_401_on_a_read()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/people/yulia-peresild");
        request.Headers.TryAddWithoutValidation(ApiKeyDefaults.HeaderName, [api.WriterKey, api.WriterKey]);

        var response = await anonymous.SendAsync(request);

        await AssertUnauthorizedAsync(response);
        Assert.Contains("Send one X-Api-Key header", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_write_key_cannot_manage_keys_403_and_no_key_is_401()
    {
        var forbidden = await writer.PostAsync("/v1/keys", Json(new { name = UniqueSlug("sneaky"), scope = "admin" }));
        var problem = await forbidden.AssertProblemAsync(ProblemTypes.Forbidden);
        Assert.Contains("admin", problem.GetProperty("detail").GetString());

        await (await writer.GetAsync("/v1/keys")).AssertProblemAsync(ProblemTypes.Forbidden);
        await AssertUnauthorizedAsync(await anonymous.GetAsync("/v1/keys"));
        await AssertUnauthorizedAsync(await anonymous.DeleteAsync($"/v1/keys/{api.WriterKey[3..11]}"));
    }

    [Fact]
    public async Task An_admin_makes_a_key_that_is_shown_once_and_listed_without_its_secret()
    {
        var name = UniqueSlug("ci-bot");

        var response = await admin.PostAsync("/v1/keys", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created);

        var created = await response.ReadJsonAsync();
        var key = created.GetProperty("key").GetString()!;
        var prefix = created.GetProperty("prefix").GetString()!;
        Assert.Matches("^rk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$", key);
        Assert.Equal($"rk_{prefix}_", key[..12]);
        Assert.Equal("write", created.GetProperty("scope").GetString());
        Assert.Equal(new Uri(admin.BaseAddress!, $"/v1/keys/{prefix}"), response.Headers.Location);
        Assert.True(response.Headers.CacheControl?.NoStore);

        var fetched = await admin.GetAsync($"/v1/keys/{prefix}").AssertStatusAsync(HttpStatusCode.OK);
        var text = await fetched.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key[12..], text);
        var info = await fetched.ReadJsonAsync();
        Assert.Equal((name, "write", "key:" + ApiFixture.AdminName), (info.GetProperty("name").GetString(), info.GetProperty("scope").GetString(), info.GetProperty("createdBy").GetString()));
        Assert.Equal(JsonValueKind.Null, info.GetProperty("revokedAt").ValueKind);
        Assert.False(info.TryGetProperty("key", out _));

        var list = await admin.GetStringAsync("/v1/keys?limit=200");
        Assert.Contains(prefix, list);
        Assert.DoesNotContain(key[12..], list);
    }

    [Fact]
    public async Task Revoked_keys_leave_the_list_unless_asked_for_and_revoking_again_is_204()
    {
        var (_, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("short-lived"));

        await admin.DeleteAsync($"/v1/keys/{prefix}").AssertStatusAsync(HttpStatusCode.NoContent);
        var revokedAt = (await admin.GetFromJsonAsync<JsonElement>($"/v1/keys/{prefix}")).GetProperty("revokedAt").GetString();
        await admin.DeleteAsync($"/v1/keys/{prefix}").AssertStatusAsync(HttpStatusCode.NoContent);

        var again = await admin.GetFromJsonAsync<JsonElement>($"/v1/keys/{prefix}");
        Assert.Equal(revokedAt, again.GetProperty("revokedAt").GetString());
        Assert.Equal("key:" + ApiFixture.AdminName, again.GetProperty("revokedBy").GetString());
        Assert.DoesNotContain(prefix, await admin.GetStringAsync("/v1/keys?limit=200"));
        Assert.Contains(prefix, await admin.GetStringAsync("/v1/keys?limit=200&includeRevoked=true"));
        await (await admin.DeleteAsync("/v1/keys/zzzzzzzz")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/v1/keys/not-a-prefix")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_key_list_pages_with_a_cursor()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateKeyOverHttpAsync(UniqueSlug("pager"));
        }

        var first = await admin.GetAsync("/v1/keys?limit=2").AssertStatusAsync(HttpStatusCode.OK);
        var page = await first.ReadJsonAsync();
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var second = await admin.GetFromJsonAsync<JsonElement>($"/v1/keys?limit=2&cursor={Uri.EscapeDataString(cursor)}");

        var prefixes = page.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(k => k.GetProperty("prefix").GetString()).ToList();
        Assert.Equal(4, prefixes.Distinct().Count());
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single());
    }

    public static TheoryData<string, string> InvalidKeyRequests => new()
    {
        { """{"name": ""}""", "name" },
        { """{}""", "name" },
        { """{"name": "anonymous"}""", "name" },
        { """{"name": "Anonymous"}""", "name" },
        { """{"name": "has space"}""", "name" },
        { """{"name": "-leading-dash"}""", "name" },
        { $$"""{"name": "{{new string('k', 65)}}"}""", "name" },
        { """{"name": "ok", "scope": "root"}""", "scope" },
        { """{"name": "ok", "secret": "mine"}""", "secret" },
    };

    [Theory]
    [MemberData(nameof(InvalidKeyRequests))]
    public async Task Making_a_key_with_an_invalid_field_is_400_naming_it(string body, string field)
    {
        await (await admin.PostAsync("/v1/keys", Json(body))).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Two_live_keys_cannot_share_a_name_but_a_revoked_name_may_be_reused()
    {
        var name = UniqueSlug("twin");
        var (_, prefix) = await CreateKeyOverHttpAsync(name);

        await (await admin.PostAsync("/v1/keys", Json(new { name }))).AssertProblemAsync(ProblemTypes.KeyNameTaken);
        await admin.DeleteAsync($"/v1/keys/{prefix}").AssertStatusAsync(HttpStatusCode.NoContent);
        await CreateKeyOverHttpAsync(name);
    }

    [Fact]
    public async Task Keys_are_stored_as_the_sha256_of_their_secret_and_nothing_else()
    {
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("hashed"));
        var secret = Convert.FromBase64String(key[12..].Replace('-', '+').Replace('_', '/') + "=");

        await using var connection = await api.Database.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<byte[]>("SELECT secret_hash FROM api_keys WHERE prefix = @prefix", new { prefix });
        Assert.Equal(SHA256.HashData(secret), stored);
        var everything = await connection.ExecuteScalarAsync<string>(
            "SELECT string_agg(row_to_json(k)::text, '') FROM api_keys k WHERE prefix = @prefix", new { prefix });
        Assert.DoesNotContain(key[12..], everything);
        Assert.DoesNotContain(key[12..], Convert.ToHexString(stored), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Last_use_is_recorded_but_written_at_most_once_a_minute()
    {
        var (key, prefix) = await CreateKeyOverHttpAsync(UniqueSlug("user"));
        var client = api.CreateClientWithKey(key);
        await using var connection = await api.Database.OpenConnectionAsync();
        async Task<DateTime?> LastUsed() =>
            await connection.ExecuteScalarAsync<DateTime?>("SELECT last_used_at FROM api_keys WHERE prefix = @prefix", new { prefix });
        Assert.Null(await LastUsed());

        await CreatePersonAsync(client, Unique("Use One"));
        var first = await LastUsed();
        await CreatePersonAsync(client, Unique("Use Two"));

        Assert.NotNull(first);
        Assert.Equal(first, await LastUsed());
    }

    [Fact]
    public void Every_endpoint_under_v1_that_can_change_data_requires_a_key()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .ToList();
        var writes = endpoints
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => !ApiPolicies.IsRead(m)) ?? true)
            .ToList();

        Assert.NotEmpty(writes);
        Assert.All(writes, endpoint =>
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Contains(ApiPolicies.Write) || policies.Contains(ApiPolicies.Admin), $"{endpoint.DisplayName} needs no key");
            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
        });
        Assert.All(endpoints.Except(writes).Where(e => !e.RoutePattern.RawText!.StartsWith("/v1/keys", StringComparison.Ordinal)),
            endpoint => Assert.Empty(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()));
    }

    [Fact]
    public async Task The_openapi_document_has_an_api_key_scheme_and_the_lock_on_writes_only()
    {
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                var locked = operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _));
                var needsKey = operation.Name != "get" || path.Name.StartsWith("/v1/keys", StringComparison.Ordinal);
                Assert.True(needsKey == locked, $"{operation.Name} {path.Name}: lock {locked}");
                Assert.True(responses.TryGetProperty("429", out _), $"{operation.Name} {path.Name} lacks 429");
                // A bad key is a 401 even where no key is needed; only a key's scope can be a 403.
                Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name} lacks 401");
                Assert.Equal(needsKey, responses.TryGetProperty("403", out _));
            }
        }
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_a_csp_that_allows_nothing()
    {
        foreach (var response in new[]
        {
            await anonymous.GetAsync("/v1/people?limit=1"),
            await anonymous.GetAsync("/v1/nothing-here"),
            await anonymous.PostAsync("/v1/people", Json(new { name = "x" })),
        })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task Swagger_ui_gets_a_csp_that_lets_it_run_from_this_origin_only()
    {
        var page = await anonymous.GetAsync("/swagger/index.html");
        var html = await page.Content.ReadAsStringAsync();

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("*", csp);
        // script-src 'self' holds only while the page has no inline script.
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/swagger/index.js")).StatusCode);
    }

    [Fact]
    public async Task Any_origin_may_read_cross_origin()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/people");
        preflight.Headers.Add("Origin", "https://anyone.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "if-none-match");

        var response = await anonymous.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var read = new HttpRequestMessage(HttpMethod.Get, "/v1/people?limit=1");
        read.Headers.Add("Origin", "https://anyone.example");
        var actual = await anonymous.SendAsync(read);
        Assert.Equal("*", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = actual.Headers.GetValues("Access-Control-Expose-Headers").Single();
        Assert.Contains("ETag", exposed);
        Assert.Contains("RateLimit", exposed);
        Assert.Contains("Link", exposed);
    }

    [Theory]
    [InlineData("POST", "/v1/people")]
    [InlineData("PUT", "/v1/people/yulia-peresild")]
    [InlineData("DELETE", "/v1/people/yulia-peresild")]
    public async Task Only_configured_origins_may_write_cross_origin(string method, string url)
    {
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, url);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", method);
            request.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key,if-match");
            return await anonymous.SendAsync(request);
        }

        var stranger = await Preflight("https://stranger.example");
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));

        var editor = await Preflight(ApiFixture.WriteOrigin);
        Assert.Equal(ApiFixture.WriteOrigin, editor.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(method, editor.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("X-Api-Key", editor.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(editor.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_when_configured_and_forwarded_headers_are_ignored_unless_proxies_are()
    {
        await using var hsts = api.WithSettings(("Hsts:Enabled", "true"));
        var secure = hsts.CreateClient(new() { BaseAddress = new Uri("https://records.example.org") });
        var plain = hsts.CreateClient(new() { BaseAddress = new Uri("http://records.example.org") });
        plain.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var overHttps = await secure.GetAsync("/v1/people?limit=1");
        var claimedHttps = await plain.GetAsync("/v1/people?limit=1");

        Assert.Equal("max-age=31536000; includeSubDomains", overHttps.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(claimedHttps.Headers.Contains("Strict-Transport-Security"));
        Assert.False((await api.CreateClient(new() { BaseAddress = new Uri("https://records.example.org") }).GetAsync("/v1/people?limit=1"))
            .Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_bare_500_problem_that_leaks_no_trace_or_sql()
    {
        var name = Unique("Boom");
        const string Secret = "internal-detail-7f3a: SELECT secret FROM vault";
        await using var connection = await api.Database.OpenConnectionAsync();
        // An unexpected database failure on one insert only: a trigger that fires for this test's name.
        var trigger = "boom_" + Guid.NewGuid().ToString("N")[..8];
        await connection.ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{Secret}'; END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON people FOR EACH ROW
                WHEN (NEW.name = '{name}') EXECUTE FUNCTION {trigger}();
            """);
        try
        {
            var response = await writer.PostAsync("/v1/people", Json(new { name }));

            var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
            var body = await response.Content.ReadAsStringAsync();
            foreach (var leak in new[] { "internal-detail", "SELECT", "vault", "Npgsql", "Exception", "   at ", ".cs:line", "P0001", trigger })
            {
                Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("traceId", problem.GetProperty("detail").GetString());
            Assert.Equal(0, await CountPeopleNamedAsync(name));
        }
        finally
        {
            await connection.ExecuteAsync($"DROP TRIGGER {trigger} ON people; DROP FUNCTION {trigger}();");
        }
    }
}
