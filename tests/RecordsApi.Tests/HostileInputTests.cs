using System.Text;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>
/// Hundreds of malformed, hostile and nonsensical requests against every endpoint: each must get a
/// 4xx problem that says what is wrong (and nothing of the service's insides), and none may change
/// any data. The table is in <see cref="HostileRequests"/>; new endpoints add their rows there.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture api, ITestOutputHelper output)
{
    private readonly HttpClient client = api.CreateWriterClient();

    /// <summary>What a problem must never show: the service's types, stack traces, SQL or driver errors.</summary>
    private static readonly string[] Leaks = ["System.", "RecordsApi.", "Npgsql", "Exception", "   at ", "SQLSTATE", "syntax error", "pg_catalog", "violates"];

    [Fact]
    public async Task Every_hostile_request_is_a_4xx_problem_that_says_what_to_fix_and_changes_nothing()
    {
        var target = await CreateTargetAsync();
        var requests = HostileRequests.All(await BorrowedCursorsAsync()).ToList();
        Assert.True(requests.Count >= 300, $"only {requests.Count} hostile requests");

        var before = await ChecksumAsync();
        var failures = new List<string>();
        foreach (var hostile in requests)
        {
            var response = await client.SendAsync(hostile.ToMessage(target));
            if (await ProblemWithAsync(hostile, response) is { } failure)
            {
                failures.Add($"{hostile}: {failure}");
            }

            var detail = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{(int)response.StatusCode} {hostile}: {(detail.Length > 200 ? detail[..200] : detail)}");
        }

        var after = await ChecksumAsync();
        output.WriteLine($"{requests.Count} hostile requests sent.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} hostile requests were mishandled:\n" + string.Join("\n", failures));
        Assert.Equal(before, after);
    }

    private static async Task<string?> ProblemWithAsync(HostileRequest hostile, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var shown = body.Length > 300 ? body[..300] + "…" : body;
        if (status is < 400 or >= 500 || (hostile.Expect is { } expected && status != expected))
        {
            return $"answered {status} (expected {hostile.Expect?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "4xx"}): {shown}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"answered {response.Content.Headers.ContentType} instead of a problem: {shown}";
        }

        string? detail;
        string[] fields;
        try
        {
            using var problem = JsonDocument.Parse(body);
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            fields = problem.RootElement.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];
        }
        catch (JsonException)
        {
            return $"the problem is not JSON: {shown}";
        }

        if (detail is not { Length: >= 15 })
        {
            return $"the problem does not say what is wrong: {shown}";
        }

        if (hostile.Field is { } field && !fields.Any(f => f == field || f.StartsWith(field + "[", StringComparison.Ordinal) || f.StartsWith(field + ".", StringComparison.Ordinal)))
        {
            return $"the problem does not name the field {field}: {shown}";
        }

        // The request's own text may be echoed back; anything else of these is a leak.
        var echoed = hostile.Echoable;
        return Leaks.FirstOrDefault(leak => body.Contains(leak, StringComparison.Ordinal) && !echoed.Contains(leak, StringComparison.Ordinal)) is { } leaked
            ? $"the problem shows '{leaked}': {shown}"
            : null;
    }

    /// <summary>A person of the batch's own for the writes to aim at (PUT and DELETE with wrong preconditions).</summary>
    private async Task<long> CreateTargetAsync()
    {
        var response = await client.PostAsync("/v1/people", HttpAssertions.Json(new { name = Unique("Hostile Target") }));
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Real cursors, each used on a list it was not made for.</summary>
    private async Task<IReadOnlyList<HostileRequest>> BorrowedCursorsAsync()
    {
        var byName = await client.GetFromJsonAsync<JsonElement>("/v1/people?limit=1");
        var byBirth = await client.GetFromJsonAsync<JsonElement>("/v1/people?limit=1&sort=birthDate");
        var name = byName.GetProperty("nextCursor").GetString()!;
        var birth = byBirth.GetProperty("nextCursor").GetString()!;
        return
        [
            HostileRequests.Get("cursor of another order", $"/v1/people?cursor={name}&sort=-name"),
            HostileRequests.Get("cursor of another filter", $"/v1/people?cursor={name}&nationality=RU"),
            HostileRequests.Get("cursor of another list", $"/v1/people/{HostileRequests.Seeded}/history?cursor={name}"),
            HostileRequests.Get("cursor with its signature swapped", $"/v1/people?cursor={name.Split('.')[0]}.{birth.Split('.')[1]}"),
            HostileRequests.Get("cursor with its payload swapped", $"/v1/people?cursor={birth.Split('.')[0]}.{name.Split('.')[1]}"),
        ];
    }

    /// <summary>
    /// An md5 of every row of every table (but the migration journal), to show nothing changed. A key's
    /// last_used_at is left out: any keyed request writes it once the minute since the last write is up,
    /// so on the wall clock's say, not the request's.
    /// </summary>
    private async Task<string> ChecksumAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        // Revisions already committed get their feed numbers in the background at any moment: number them
        // now, so only what the requests themselves did can differ.
        await connection.ExecuteAsync("SELECT number_revisions()");
        var tables = await connection.QueryAsync<string>(
            """
            SELECT quote_ident(table_name) FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
            ORDER BY table_name
            """);
        var sums = new StringBuilder();
        foreach (var table in tables)
        {
            var sum = await connection.ExecuteScalarAsync<string>(
                $"SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM (SELECT (to_jsonb(t) - 'last_used_at')::text AS r FROM {table} t) rows");
            sums.Append(table).Append('=').Append(sum).Append('\n');
        }

        return sums.ToString();
    }
}

/// <summary>One bad request and the 4xx it must get (null: any 4xx).</summary>
public sealed record HostileRequest(
    string Case, string Method, string Path, byte[]? Body = null, string? ContentType = "application/json", int? Expect = 400,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    /// <summary>The field the problem's errors must name (null: no particular one).</summary>
    public string? Field { get; init; }

    /// <summary>Text a problem may repeat back because the request sent it.</summary>
    public string Echoable => Uri.UnescapeDataString(Path) + (Body is null ? "" : Encoding.UTF8.GetString(Body));

    public HttpRequestMessage ToMessage(long target)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path.Replace("{target}", target.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        foreach (var (name, value) in Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public override string ToString() => $"{Method} {(Path.Length > 80 ? Path[..80] + "…" : Path)} [{Case}]";
}

/// <summary>
/// The table of hostile requests. Each endpoint contributes rows through the generators below:
/// <see cref="Bodies"/> derives a hundred bad bodies from one valid body, <see cref="Refs"/> bad
/// {ref}s, <see cref="Paging"/> bad limits and cursors, <see cref="Query"/> bad values of a filter.
/// Resources added later append their rows to <see cref="All"/>.
/// </summary>
public static class HostileRequests
{
    /// <summary>A seeded person, for reads.</summary>
    public const string Seeded = "klim-shipenko";

    /// <summary>A seeded mission, with <see cref="Seeded"/> in its crew.</summary>
    public const string SeededMission = "soyuz-ms-19";

    private const string MissionBody = """
        {"name": "Hostile Mission", "slug": "hostile-mission", "operator": "Roscosmos", "vehicle": "Soyuz MS", "kind": "orbital",
         "apogeeKm": 420.5, "launchAt": "2021-10-05T08:55:00Z", "launchSite": "Baikonur", "landingAt": "2021-10-17T04:35:44Z",
         "landingSite": "Kazakhstan", "destination": "International Space Station", "summary": "A test.",
         "externalIds": {"wikidata": "Q1"}, "sources": ["https://example.org/"]}
        """;

    private const string CrewBody = """{"role": "commander", "launched": true, "landed": true}""";

    /// <summary>A seeded record with several holdings.</summary>
    public const string SeededRecord = "oldest-person-to-fly-in-space";

    private const string RecordBody = """
        {"title": "Hostile Record", "slug": "hostile-record", "category": "age", "description": "A test.",
         "metric": "oldest-at-launch", "sources": ["https://example.org/"]}
        """;

    /// <summary>An ETag no resource has: writes aimed at real resources must not apply even if the body were fine.</summary>
    private static readonly KeyValuePair<string, string>[] StaleIfMatch = [new("If-Match", "\"987654\"")];

    private const string PersonBody = """
        {"name": "Hostile Person", "slug": "hostile-person", "nativeName": "Хостайл Персон", "birthDate": "1970-01-01",
         "deathDate": "2000-01-01", "nationality": "RU", "occupations": ["pilot"], "externalIds": {"wikidata": "Q1"},
         "sources": ["https://example.org/"]}
        """;

    public static IEnumerable<HostileRequest> All(IEnumerable<HostileRequest> dynamicRows) =>
    [
        // People
        .. Bodies("POST", "/v1/people", PersonBody, required: ["name"]),
        .. Bodies("PUT", "/v1/people/{target}", PersonBody, required: ["name"], headers: StaleIfMatch),
        .. Refs("GET", "/v1/people/{ref}"),
        .. Refs("GET", "/v1/people/{ref}/history"),
        .. Refs("PUT", "/v1/people/{ref}", PersonBody),
        .. Refs("DELETE", "/v1/people/{ref}"),
        .. Paging("/v1/people"),
        .. Paging($"/v1/people/{Seeded}/history"),
        .. Query("/v1/people", "sort", ["height", "NAME", "name;DROP TABLE people", "-", "name,birthDate", "%00", "birthdate"]),
        .. Query("/v1/people", "nationality", ["XX", "RUS", "r", "%3Cscript%3E", "%27%20OR%201%3D1%20--", "%00", "R%00"]),
        .. Query("/v1/people", "q", ["%00", "a%07b", "%1B%5B31m", new string('q', 101), "%20%20"]),
        .. Query("/v1/people", "occupation", ["%00", "pilot%0D%0AX-Injected:%201", new string('o', 61)]),
        .. Query("/v1/people", "bogus", ["1"]),
        .. Query($"/v1/people/{Seeded}", "fields", ["name"]),
        .. Query($"/v1/people/{Seeded}/history", "sort", ["-version"]),
        .. Preconditions("PUT", "/v1/people/{target}", PersonBody),
        .. Patches("/v1/people/{target}", "name", "birthDate"),
        .. Preconditions("DELETE", "/v1/people/{target}", body: null),
        .. IdempotencyKeys("/v1/people", """{"name": "Keyed Hostile Person"}"""),
        .. WrongMethods(
            ("POST", $"/v1/people/{Seeded}"), ("PUT", "/v1/people"), ("DELETE", "/v1/people"),
            ("POST", $"/v1/people/{Seeded}/history"), ("DELETE", $"/v1/people/{Seeded}/history"), ("PATCH", "/v1/people")),

        // Missions and crews
        .. Bodies("POST", "/v1/missions", MissionBody, required: ["name", "kind"], enums: ["kind"]),
        .. Bodies("PUT", $"/v1/missions/{SeededMission}", MissionBody, required: ["name", "kind"], enums: ["kind"], headers: StaleIfMatch),
        .. Bodies("PUT", $"/v1/missions/{SeededMission}/crew/{Seeded}", CrewBody, required: ["role", "launched", "landed"], enums: ["role"], headers: StaleIfMatch),
        .. Refs("GET", "/v1/missions/{ref}"),
        .. Refs("GET", "/v1/missions/{ref}/history"),
        .. Refs("GET", "/v1/missions/{ref}/crew"),
        .. Refs("GET", "/v1/people/{ref}/flights"),
        .. Refs("PUT", "/v1/missions/{ref}", MissionBody),
        .. Refs("DELETE", "/v1/missions/{ref}"),
        .. Refs("PUT", $"/v1/missions/{SeededMission}/crew/{{ref}}", CrewBody),
        .. Refs("PUT", $"/v1/missions/{{ref}}/crew/{Seeded}", CrewBody),
        .. Refs("DELETE", $"/v1/missions/{SeededMission}/crew/{{ref}}"),
        .. Paging("/v1/missions"),
        .. Paging($"/v1/missions/{SeededMission}/history"),
        .. Query("/v1/missions", "kind", ["lunar", "ORBITAL", "0", "%00", "orbital%3B%20DROP%20TABLE%20missions"]),
        .. Query("/v1/missions", "launchedFrom", ["2021-02-30", "2021-13-01", "yesterday", "2021-10-05T00:00:00Z", "%00", "0000-00-00"]),
        .. Query("/v1/missions", "launchedTo", ["2021-02-30", "20211005", "-1"]),
        .. Query("/v1/missions", "sort", ["apogee", "LAUNCHAT", "name;--"]),
        .. Query("/v1/missions", "q", ["%00", "%20", new string('q', 101)]),
        .. Query("/v1/missions", "operator", ["%00", "%20%20"]),
        .. Preconditions("DELETE", $"/v1/missions/{SeededMission}/crew/{Seeded}", body: null),
        .. Patches($"/v1/missions/{SeededMission}", "name", "launchAt"),
        .. WrongMethods(
            ("POST", $"/v1/missions/{SeededMission}"), ("PUT", "/v1/missions"),
            ("POST", $"/v1/missions/{SeededMission}/crew"), ("PATCH", $"/v1/missions/{SeededMission}/crew/{Seeded}"),
            ("POST", $"/v1/people/{Seeded}/flights")),

        // Records, holdings and leaderboards
        .. Bodies("POST", "/v1/records", RecordBody, required: ["title", "category"]),
        .. Bodies("PUT", $"/v1/records/{SeededRecord}", RecordBody, required: ["title", "category"], headers: StaleIfMatch),
        .. Refs("GET", "/v1/records/{ref}"),
        .. Refs("GET", "/v1/records/{ref}/history"),
        .. Refs("PUT", "/v1/records/{ref}", RecordBody),
        .. Refs("DELETE", "/v1/records/{ref}"),
        .. Patches($"/v1/records/{SeededRecord}", "title", "sources"),
        .. Paging("/v1/records"),
        .. Query("/v1/records", "category", ["fastest", "AGE", "%00", "age%27--"]),
        .. Query("/v1/records", "q", ["%00", new string('q', 101)]),
        .. Query("/v1/leaderboards/oldest-at-launch", "limit", ["0", "-1", "201", "abc"]),
        .. Query("/v1/leaderboards/oldest-at-launch", "asOf", ["2021-02-30", "yesterday", "%00", "2021-10-01T00:00:00Z"]),
        .. Query("/v1/leaderboards/oldest-at-launch", "boundary", ["50km", "KARMAN", "%00"]),
        .. Query("/v1/leaderboards/oldest-at-launch/progression", "boundary", ["90km"]),
        .. WrongMethods(
            ("PUT", "/v1/records"), ("DELETE", $"/v1/records/{SeededRecord}/holdings"),
            ("POST", "/v1/leaderboards/oldest-at-launch"), ("DELETE", "/v1/leaderboards")),

        // Changes feed
        .. Query("/v1/changes", "since", ["-1", "abc", "1.5", "99999999999999999999", "1e3", "%00", "", "0x10"]),
        .. Query("/v1/changes", "limit", ["0", "-1", "1001", "99999999999", "abc", "1.5", ""]),
        .. Query("/v1/changes", "cursor", ["abc"]),
        .. WrongMethods(("POST", "/v1/changes"), ("PUT", "/v1/changes"), ("DELETE", "/v1/changes")),

        .. dynamicRows,
    ];

    public static HostileRequest Get(string @case, string path, int? expect = 400) => new(@case, "GET", path, Expect: expect);

    /// <summary>A hundred-odd bad bodies derived from a valid one: every field with wrong values for its kind, bad structure, bad JSON, bad bytes, bad content types.</summary>
    public static IEnumerable<HostileRequest> Bodies(
        string method, string path, string validBody, string[] required, string[]? enums = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        HostileRequest Row(string @case, string body, string? contentType = "application/json", int expect = 400, string? field = null) =>
            new(@case, method, path, Encoding.UTF8.GetBytes(body), contentType, expect, headers) { Field = field };
        HostileRequest Bytes(string @case, byte[] body, string? field = null) => new(@case, method, path, body, "application/json", 400, headers) { Field = field };

        var valid = JsonNode.Parse(validBody)!.AsObject();
        foreach (var (field, value) in Fields(valid))
        {
            foreach (var (what, fragment) in WrongValuesFor(value))
            {
                yield return Row($"{field}: {what}", With(valid, field, fragment), field: field);
            }
        }

        foreach (var field in required)
        {
            yield return Row($"{field}: null", With(valid, field, "null"), field: field);
            yield return Row($"{field}: missing", Without(valid, field), field: field);
        }

        foreach (var field in enums ?? [])
        {
            foreach (var value in new[] { "\"unknown-value\"", "\"\"", "0", "\"ORBITAL; DROP TABLE missions\"", $"\"{new string('e', 300)}\"" })
            {
                yield return Row($"{field}: unknown enum value {value[..Math.Min(value.Length, 20)]}", With(valid, field, value), field: field);
            }
        }

        var compact = valid.ToJsonString();
        var first = valid.First();
        var firstJson = $"\"{first.Key}\": {first.Value!.ToJsonString()}";

        // Structure
        yield return Row("duplicate key", "{" + firstJson + ", " + compact[1..]);
        yield return Row("duplicate key differing in case", "{" + firstJson.Replace($"\"{first.Key}\"", $"\"{char.ToUpperInvariant(first.Key[0])}{first.Key[1..]}\"", StringComparison.Ordinal) + ", " + compact[1..]);
        // Members only GET answers (id, version, createdAt) are ignored, not refused; these are no one's.
        foreach (var extra in new[] { "\"identifier\": 1", "\"versionNumber\": 7", "\"created_at\": \"2020-01-01T00:00:00Z\"", "\"__proto__\": {}", "\"unknownField\": null", "\"\": 1" })
        {
            yield return Row($"unknown member {extra}", "{" + extra + ", " + compact[1..]);
        }

        yield return Row("nested 200 deep", With(valid, first.Key, new string('[', 200) + new string(']', 200)));
        yield return Row("nested object 200 deep", With(valid, first.Key, string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)));

        // Not JSON, or not one object
        foreach (var (what, body) in MalformedJson)
        {
            yield return Row(what, body);
        }

        var step = Math.Max(1, compact.Length / 30);
        for (var cut = 1; cut < compact.Length; cut += step)
        {
            yield return Row($"truncated after {cut} characters", compact[..cut]);
        }

        // Bytes that are not UTF-8, inside a string value
        var firstString = Fields(valid).First(f => f.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).Path;
        var marked = Encoding.UTF8.GetBytes(With(valid, firstString, "\"x\u0001y\""));
        var at = Array.IndexOf(marked, (byte)1);
        foreach (var (what, bytes) in InvalidUtf8)
        {
            yield return Bytes($"{firstString}: {what}", [.. marked[..at], .. bytes, .. marked[(at + 1)..]], firstString);
        }

        yield return Bytes("UTF-16 body declared as UTF-8", Encoding.Unicode.GetBytes(compact));
        yield return Bytes("UTF-8 byte order mark twice", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(compact)]);

        // Wrong or missing content type, empty bodies
        foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png" })
        {
            yield return Row($"content type {contentType}", compact, contentType, 415);
        }

        yield return Row("no content type", compact, contentType: null, 415);
        yield return new HostileRequest("body over the size limit", method, path,
            Encoding.UTF8.GetBytes(With(valid, firstString, $"\"{new string('x', 100_000)}\"")), Expect: null, Headers: headers);
        yield return Row("empty body", "");
        yield return Row("blank body", "  \n\t ");
    }

    /// <summary>
    /// {ref}s that name nothing, or try to escape the path: all 404 (or 400), none a 500. (A NUL in a
    /// path, %00, never reaches the service: Kestrel refuses the request line itself.)
    /// </summary>
    public static IEnumerable<HostileRequest> Refs(string method, string template, string? body = null)
    {
        string[] refs =
        [
            "..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "a%2fb", "a%5cb", "%C0%AF",
            "%FF%FE", "%E2%80%AE", "%27%20OR%20%271%27%3D%271", "1%3B%20DROP%20TABLE%20people", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "-1", "0", "99999999999999999999", "9223372036854775808", new string('9', 40), new string('a', 10_000), "Klim-Shipenko",
            "%20klim-shipenko", "klim_shipenko", "%F0%9F%9A%80", "%25", "%252e%252e", "null", "undefined",
        ];
        foreach (var reference in refs)
        {
            var path = template.Replace("{ref}", reference, StringComparison.Ordinal);
            yield return new HostileRequest($"ref {(reference.Length > 30 ? $"of {reference.Length} characters" : reference)}", method, path,
                body is null ? null : Encoding.UTF8.GetBytes(body), Expect: null, Headers: method is "PUT" or "DELETE" ? StaleIfMatch : null);
        }
    }

    /// <summary>Bad page sizes and cursors for a keyset list.</summary>
    public static IEnumerable<HostileRequest> Paging(string path)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string[] limits = ["-1", "0", "201", "99999999999", "abc", "1.5", "1e3", "", "0x10", "%00", "1&limit=2"];
        foreach (var limit in limits)
        {
            yield return Get($"limit {limit}", $"{path}{separator}limit={limit}");
        }

        var forgedPayload = Convert.ToBase64String(Encoding.UTF8.GetBytes("[\"a\",\"1\"]")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string[] cursors =
        [
            "abc", ".", "a.b", "..", new string('c', 3000), $"{forgedPayload}.AAAAAAAAAAAAAAAAAAAAAA", $"{forgedPayload}.", "%00",
            "%27%20OR%201%3D1%20--", "eyJhIjoxfQ.eyJhIjoxfQ", "!!!.!!!", "%FF.%FF",
        ];
        foreach (var cursor in cursors)
        {
            yield return Get($"cursor {(cursor.Length > 30 ? $"of {cursor.Length} characters" : cursor)}", $"{path}{separator}cursor={cursor}");
        }
    }

    /// <summary>Bad values of one query parameter (already URL-encoded).</summary>
    public static IEnumerable<HostileRequest> Query(string path, string name, IEnumerable<string> values) =>
        values.Select(value => Get($"{name}={(value.Length > 30 ? $"<{value.Length} characters>" : value)}", $"{path}?{name}={value}"));

    /// <summary>Malformed or stale If-Match: 412, or 428 when it says nothing; never a write.</summary>
    public static IEnumerable<HostileRequest> Preconditions(string method, string path, string? body)
    {
        string[] values = ["abc", "\"1", "W/\"1\"", "\"0\"", "\"-1\"", "\"99999999999999999999\"", "\"\"", ",", "\"1\"\"2\"", "\"a\", \"b\"", "   "];
        foreach (var value in values)
        {
            yield return new HostileRequest($"If-Match {value}", method, path, body is null ? null : Encoding.UTF8.GetBytes(body),
                Expect: null, Headers: [new("If-Match", value)]);
        }

        yield return new HostileRequest("no If-Match", method, path, body is null ? null : Encoding.UTF8.GetBytes(body), Expect: 428);
    }

    /// <summary>
    /// Bad merge patches, each with a stale If-Match so that none could apply: refused (400) before the
    /// precondition is even looked at, or a 415 for any other media type; <paramref name="text"/> is a text
    /// member and <paramref name="other"/> one that is not a plain string.
    /// </summary>
    public static IEnumerable<HostileRequest> Patches(string path, string text, string other)
    {
        HostileRequest Row(string @case, string body, string contentType = "application/merge-patch+json", int expect = 400, string? field = null) =>
            new(@case, "PATCH", path, Encoding.UTF8.GetBytes(body), contentType, expect, StaleIfMatch) { Field = field };

        foreach (var (what, body) in MalformedJson)
        {
            yield return Row($"patch: {what}", body);
        }

        foreach (var contentType in new[] { "application/json", "text/plain", "application/json-patch+json", "application/merge-patch+xml" })
        {
            yield return Row($"patch as {contentType}", $$"""{"{{text}}": "A"}""", contentType, 415);
        }

        yield return new HostileRequest("patch without a content type", "PATCH", path, Encoding.UTF8.GetBytes($$"""{"{{text}}": "A"}"""), null, 415, StaleIfMatch);
        yield return Row("patch: empty", "");
        yield return Row("patch: unknown member", """{"colour": "blue"}""", field: "colour");
        yield return Row("patch: number for text", $$"""{"{{text}}": 42}""", field: text);
        yield return Row("patch: object for a member that is not one", $$$"""{"{{{other}}}": {"a": 1}}""", field: other);
        yield return Row("patch: member twice", $$"""{"{{text}}": "A", "{{text}}": "B"}""");
        yield return Row("patch: nested 200 deep", $"{{\"{text}\": {new string('[', 200)}{new string(']', 200)}}}");
    }

    /// <summary>Bad Idempotency-Key headers on an otherwise valid POST.</summary>
    public static IEnumerable<HostileRequest> IdempotencyKeys(string path, string validBody)
    {
        string[] keys = [new string('k', 256), "tab\there", "bell\u0007", "   ", "del\u007f"];
        foreach (var key in keys)
        {
            yield return new HostileRequest($"Idempotency-Key of {key.Length} characters", "POST", path, Encoding.UTF8.GetBytes(validBody),
                Headers: [new("Idempotency-Key", key)]);
        }

        yield return new HostileRequest("two Idempotency-Keys", "POST", path, Encoding.UTF8.GetBytes(validBody),
            Headers: [new("Idempotency-Key", "one"), new("Idempotency-Key", "two")]);
    }

    public static IEnumerable<HostileRequest> WrongMethods(params (string Method, string Path)[] pairs) =>
        pairs.Select(p => new HostileRequest("method not allowed", p.Method, p.Path, p.Method is "GET" or "DELETE" ? null : "{}"u8.ToArray(), Expect: 405));

    private static readonly (string What, string Body)[] MalformedJson =
    [
        ("only an opening brace", "{"),
        ("unterminated string", "{\"name\": \"abc"),
        ("trailing comma", "{\"name\": \"A\",}"),
        ("single quotes", "{'name': 'A'}"),
        ("unquoted key", "{name: \"A\"}"),
        ("comment", "{/* hi */ \"name\": \"A\"}"),
        ("line comment", "{\"name\": \"A\" // hi\n}"),
        ("two objects", "{\"name\": \"A\"}{\"name\": \"B\"}"),
        ("trailing garbage", "{\"name\": \"A\"} garbage"),
        ("a string", "\"just a string\""),
        ("a number", "42"),
        ("true", "true"),
        ("null", "null"),
        ("an array", "[]"),
        ("an array of objects", "[{\"name\": \"A\"}]"),
        ("NaN", "NaN"),
        ("bare word", "hello"),
        ("XML", "<person><name>A</name></person>"),
        ("form encoding", "name=A&slug=a"),
        ("invalid escape", "{\"name\": \"\\x41\"}"),
        ("unescaped control character", "{\"name\": \"a\u0001b\"}"),
        ("unescaped newline in string", "{\"name\": \"a\nb\"}"),
        ("lone high surrogate escape", "{\"name\": \"\\uD800\"}"),
        ("lone low surrogate escape", "{\"name\": \"a\\uDC00b\"}"),
        ("reversed surrogates", "{\"name\": \"\\uDC00\\uD800\"}"),
        ("short unicode escape", "{\"name\": \"\\u12\"}"),
        ("colon missing", "{\"name\" \"A\"}"),
        ("value missing", "{\"name\": }"),
        ("NUL byte outside strings", "{\"name\": \"A\"\u0000}"),
    ];

    private static readonly (string What, byte[] Bytes)[] InvalidUtf8 =
    [
        ("byte 0xFF", [0xFF]),
        ("lone continuation byte", [0x80]),
        ("bad continuation", [0xC3, 0x28]),
        ("overlong slash", [0xC0, 0xAF]),
        ("overlong NUL", [0xC0, 0x80]),
        ("UTF-8 encoded surrogate", [0xED, 0xA0, 0x80]),
        ("truncated sequence", [0xE2, 0x82]),
        ("five-byte sequence", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("Latin-1 e acute", [0xE9]),
    ];

    /// <summary>Values of the wrong kind for a field holding <paramref name="value"/>, as JSON fragments.</summary>
    private static IEnumerable<(string What, string Fragment)> WrongValuesFor(JsonNode? value)
    {
        var kind = value?.GetValueKind();
        IEnumerable<(string, string)> common =
        [
            ("NaN literal", "NaN"), ("Infinity literal", "Infinity"), ("-Infinity literal", "-Infinity"), ("huge number", "1e400"),
        ];
        switch (kind)
        {
            case JsonValueKind.String when InstantLike(value!.GetValue<string>()):
                return common.Concat(
                [
                    ("impossible instant", "\"2021-02-30T08:55:00Z\""), ("no offset", "\"2021-10-05T08:55:00\""), ("a date", "\"2021-10-05\""),
                    ("hour 25", "\"2021-10-05T25:00:00Z\""), ("words", "\"yesterday\""), ("empty", "\"\""), ("a number", "1633424100"),
                    ("an array", "[\"2021-10-05T08:55:00Z\"]"), ("offset out of range", "\"2021-10-05T08:55:00+25:00\""),
                ]);
            case JsonValueKind.String when DateLike(value!.GetValue<string>()):
                return common.Concat(
                [
                    ("impossible date 2021-02-30", "\"2021-02-30\""), ("month 13", "\"2021-13-01\""), ("month 0", "\"2021-00-10\""),
                    ("day 32", "\"2021-01-32\""), ("year 0", "\"0000-01-01\""), ("five-digit year", "\"10000-01-01\""),
                    ("unpadded", "\"2021-2-3\""), ("no dashes", "\"20210203\""), ("an instant", "\"2021-02-03T00:00:00Z\""),
                    ("words", "\"yesterday\""), ("empty", "\"\""), ("a number", "20210203"), ("a date with NUL", "\"2021-02-03\\u0000\""),
                    ("day-first", "\"03-02-2021\""), ("slashes", "\"2021/02/03\""), ("an object", "{\"year\": 2021}"),
                ]);
            case JsonValueKind.String:
                return common.Concat(
                [
                    ("a number", "42"), ("true", "true"), ("an array", "[\"x\"]"), ("an object", "{\"x\": 1}"),
                    ("NUL character", "\"a\\u0000b\""), ("bell character", "\"a\\u0007b\""), ("escape sequence", "\"\\u001b[31mred\""),
                    ("DEL character", "\"a\\u007fb\""), ("C1 control character", "\"a\\u0085b\""), ("carriage return and line feed", "\"a\\r\\nX-Injected: 1\""),
                    ("10,000 characters", $"\"{new string('x', 10_000)}\""),
                ]);
            case JsonValueKind.Array:
                return common.Concat(
                [
                    ("a string", "\"x\""), ("a number", "42"), ("an object", "{}"), ("true", "true"), ("numbers", "[1, 2]"),
                    ("nested arrays", "[[]]"), ("objects", "[{}]"), ("a null item", "[null]"), ("a NUL item", "[\"a\\u0000\"]"),
                    ("an item of 10,000 characters", $"[\"{new string('x', 10_000)}\"]"),
                    ("1,000 items", "[" + string.Join(",", Enumerable.Repeat("\"https://example.org/x\"", 1_000)) + "]"),
                ]);
            case JsonValueKind.Object:
                return common.Concat([("a string", "\"x\""), ("a number", "42"), ("an array", "[]"), ("true", "true"), ("an unknown member", "{\"unknown\": 1}")]);
            case JsonValueKind.Number:
                return common.Concat([("a string", "\"42\""), ("true", "true"), ("an array", "[]"), ("an object", "{}"), ("-1e400", "-1e400")]);
            case JsonValueKind.True or JsonValueKind.False:
                return common.Concat([("a string", "\"true\""), ("a number", "1"), ("an array", "[]"), ("an object", "{}")]);
            default:
                return common;
        }
    }

    private static bool InstantLike(string text) => text.Length > 10 && text[10] == 'T' && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static bool DateLike(string text) => text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", out _);

    /// <summary>Every field of the body, nested ones as a.b, with its value.</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Fields(JsonObject body, string prefix = "")
    {
        foreach (var (name, value) in body)
        {
            yield return (prefix + name, value);
            if (value is JsonObject nested)
            {
                foreach (var inner in Fields(nested, prefix + name + "."))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The body with the field at <paramref name="path"/> set to a raw (possibly invalid) JSON fragment.</summary>
    private static string With(JsonObject body, string path, string fragment)
    {
        const string Marker = "\u0001HOSTILE\u0001";
        var copy = body.DeepClone().AsObject();
        var names = path.Split('.');
        var parent = names[..^1].Aggregate(copy, (node, name) => node[name]!.AsObject());
        parent[names[^1]] = Marker;
        return copy.ToJsonString().Replace(JsonSerializer.Serialize(Marker), fragment, StringComparison.Ordinal);
    }

    private static string Without(JsonObject body, string path)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove(path);
        return copy.ToJsonString();
    }
}
