using System.Text;
using System.Text.Encodings.Web;

namespace RecordsApi.Tests;

/// <summary>
/// The OpenAPI document is the contract users generate clients from: it is committed, complete, and
/// says what the service does. These tests read the document the running service serves.
/// </summary>
[Collection(ApiCollection2.Name)]
public sealed class OpenApiTests(ApiFixture api)
{
    private const string RegenerateCommand = "tools/generate-openapi.sh";
    private static readonly string[] WriteMethods = ["post", "put", "patch", "delete"];

    private readonly HttpClient client = api.CreateClient();

    // Creates need a key; the admin key can also make keys.
    private readonly HttpClient admin = api.CreateAdminClient();

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(operation => (path.Key, operation.Key, operation.Value!.AsObject())));

    private static string Name((string Path, string Method, JsonObject Operation) op) =>
        $"{op.Method.ToUpperInvariant()} {op.Path} ({op.Operation["operationId"]})";

    [Fact]
    public async Task Committed_document_is_exactly_what_the_service_serves()
    {
        var served = await DocumentAsync();
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        Assert.True(File.Exists(path), $"docs/openapi.json is missing. Generate it with {RegenerateCommand} and commit it.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;

        // The one difference by design: the served document names the address it was fetched from as its server.
        Assert.Equal(client.BaseAddress!.GetLeftPart(UriPartial.Authority), (string?)served["servers"]?[0]?["url"]);
        served["servers"] = committed["servers"]?.DeepClone();

        if (JsonNode.DeepEquals(Canonical(committed), Canonical(served)))
        {
            return;
        }

        var expected = Canonical(committed).ToJsonString(Indented).Split('\n');
        var actual = Canonical(served).ToJsonString(Indented).Split('\n');
        var first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Length, actual.Length));
        var servedCopy = Path.Combine(Path.GetTempPath(), "openapi.served.json");
        await File.WriteAllTextAsync(servedCopy, served.ToJsonString(Indented));
        var hint = new StringBuilder()
            .AppendLine("docs/openapi.json differs from the document the service serves, so the contract changed without its diff.")
            .AppendLine($"If the change is intended, regenerate it with `{RegenerateCommand}` and commit docs/openapi.json with the change.")
            .AppendLine($"The served document is in {servedCopy}. First difference at line {first + 1} of the key-sorted documents:")
            .AppendLine("--- committed")
            .AppendJoin('\n', expected.Skip(Math.Max(0, first - 3)).Take(7)).AppendLine()
            .AppendLine("+++ served")
            .AppendJoin('\n', actual.Skip(Math.Max(0, first - 3)).Take(7));
        Assert.Fail(hint.ToString());
    }

    [Fact]
    public async Task Document_names_its_owner_licence_and_describes_every_tag()
    {
        var document = await DocumentAsync();

        var info = document["info"]!;
        Assert.False(string.IsNullOrWhiteSpace((string?)info["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)info["description"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)info["contact"]?["name"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)info["license"]?["name"]));
        var tags = document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);
        foreach (var op in Operations(document))
        {
            var tag = Assert.Single(op.Operation["tags"]!.AsArray());
            Assert.True(tags.TryGetValue((string)tag!, out var description) && !string.IsNullOrWhiteSpace(description),
                $"{Name(op)}: tag {tag} has no description; use .WithTag(name, description) on its group.");
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_a_description()
    {
        var document = await DocumentAsync();

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in Operations(document))
        {
            var id = (string?)op.Operation["operationId"];
            Assert.True(id is { Length: > 0 } && char.IsAsciiLetterUpper(id[0]), $"{Name(op)}: no PascalCase operationId; add .WithName(...).");
            Assert.True(ids.Add(id), $"{Name(op)}: operationId {id} is used twice.");
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Operation["summary"]), $"{Name(op)}: no summary; add .WithSummary(...).");
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Operation["description"]), $"{Name(op)}: no description; add .WithDescription(...).");
        }
    }

    [Fact]
    public async Task Every_parameter_is_documented_and_query_names_are_camel_case()
    {
        var document = await DocumentAsync();

        foreach (var op in Operations(document))
        {
            foreach (var parameter in op.Operation["parameters"]?.AsArray() ?? [])
            {
                var name = (string)parameter!["name"]!;
                Assert.False(string.IsNullOrWhiteSpace((string?)parameter["description"]),
                    $"{Name(op)}: parameter {name} has no description; add [Description(...)] to it.");
                if ((string?)parameter["in"] == "query")
                {
                    Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), name);
                }
            }
        }
    }

    [Fact]
    public async Task Every_error_response_is_a_problem_and_a_400_is_a_validation_problem()
    {
        var document = await DocumentAsync();

        foreach (var op in Operations(document))
        {
            var responses = op.Operation["responses"]!.AsObject();
            foreach (var required in new[] { "500", "503" })
            {
                Assert.True(responses.ContainsKey(required), $"{Name(op)} does not declare {required}.");
            }

            Assert.NotNull(responses["503"]!["headers"]?["Retry-After"]);
            foreach (var (code, response) in responses.Where(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture) >= 400))
            {
                var content = response!["content"]?.AsObject();
                Assert.True(content is { Count: 1 } && content.ContainsKey("application/problem+json"),
                    $"{Name(op)} {code}: must be application/problem+json only, is {content?.ToJsonString()}");
                var schema = (string?)content!["application/problem+json"]!["schema"]?["$ref"];
                var expected = code == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails";
                Assert.True(schema == expected, $"{Name(op)} {code}: schema is {schema}, expected {expected}.");
            }
        }

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!;
        foreach (var member in new[] { "type", "title", "status", "detail", "instance", "traceId" })
        {
            Assert.Contains(member, problem["required"]!.AsArray().Select(m => (string?)m));
        }
    }

    [Fact]
    public async Task Writes_and_only_writes_need_an_api_key_when_the_document_has_a_security_scheme()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]?["securitySchemes"]?.AsObject();
        Assert.Null(document["security"]); // Reads are public: security is stated per operation.
        foreach (var op in Operations(document))
        {
            var security = op.Operation["security"]?.AsArray();
            if (schemes is not { Count: > 0 })
            {
                Assert.True(security is null or { Count: 0 }, $"{Name(op)} requires a security scheme the document does not define.");
                continue;
            }

            var responses = op.Operation["responses"]!.AsObject();
            if (WriteMethods.Contains(op.Method))
            {
                Assert.True(security is { Count: > 0 }, $"{Name(op)} is a write without a security requirement.");
                Assert.True(security.SelectMany(s => s!.AsObject().Select(p => p.Key)).All(schemes.ContainsKey), $"{Name(op)} names an undefined scheme.");
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{Name(op)} does not declare 401 and 403.");
            }
            else if (!op.Path.StartsWith("/v1/keys", StringComparison.Ordinal))
            {
                // Reads are public, except key management, which is for admins only.
                Assert.True(security is null or { Count: 0 }, $"{Name(op)} is a read, which is public, yet requires a key.");
            }
        }
    }

    [Fact]
    public async Task Enums_are_strings()
    {
        var document = await DocumentAsync();

        var enums = Schemas(document).Where(s => s["enum"] is not null).ToList();
        Assert.NotEmpty(enums); // The people list's sort is one.
        foreach (var schema in enums)
        {
            Assert.Equal("string", (string?)schema["type"]);
            Assert.All(schema["enum"]!.AsArray(), value => Assert.Equal(JsonValueKind.String, value!.GetValueKind()));
        }
    }

    [Theory]
    [InlineData("PatchPerson", "PersonPatch")]
    [InlineData("PatchMission", "MissionPatch")]
    [InlineData("PatchRecord", "RecordPatch")]
    public async Task Patch_takes_a_merge_patch_of_the_request_members_none_required_and_needs_if_match(string operationId, string schema)
    {
        var document = await DocumentAsync();
        var operation = Operations(document).Single(op => (string?)op.Operation["operationId"] == operationId).Operation;

        var body = operation["requestBody"]!["content"]!.AsObject();
        Assert.Equal(["application/merge-patch+json"], body.Select(c => c.Key));
        Assert.Equal($"#/components/schemas/{schema}", (string?)body["application/merge-patch+json"]!["schema"]!["$ref"]);
        var patch = document["components"]!["schemas"]![schema]!.AsObject();
        var request = document["components"]!["schemas"]![schema.Replace("Patch", "Request", StringComparison.Ordinal)]!.AsObject();
        Assert.Null(patch["required"]);
        Assert.Equal(request["properties"]!.AsObject().Select(p => p.Key), patch["properties"]!.AsObject().Select(p => p.Key));
        Assert.True((bool?)operation["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "If-Match")!["required"]);
        foreach (var status in new[] { "200", "400", "404", "412", "415", "428" })
        {
            Assert.NotNull(operation["responses"]![status]);
        }

        Assert.Contains("merge-patch", (string?)operation["responses"]!["415"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditional_requests_paging_and_creation_headers_are_documented()
    {
        var document = await DocumentAsync();
        JsonObject Op(string id) => Operations(document).Single(op => (string?)op.Operation["operationId"] == id).Operation;
        JsonNode? Header(JsonObject op, string name) =>
            op["parameters"]?.AsArray().SingleOrDefault(p => (string?)p!["in"] == "header" && (string?)p["name"] == name);

        var ifNoneMatch = Header(Op("GetPerson"), "If-None-Match");
        Assert.NotNull(ifNoneMatch);
        Assert.NotEqual(true, (bool?)ifNoneMatch["required"]);
        Assert.NotNull(Op("GetPerson")["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(Op("GetPerson")["responses"]!["304"]);
        foreach (var write in new[] { "ReplacePerson", "DeletePerson" })
        {
            Assert.True((bool?)Header(Op(write), "If-Match")?["required"], $"{write}: If-Match is not a required header.");
            Assert.NotNull(Op(write)["responses"]!["412"]);
            Assert.NotNull(Op(write)["responses"]!["428"]);
        }

        Assert.True((bool?)Op("CreatePerson")["responses"]!["201"]!["headers"]!["Location"]!["required"]);
        Assert.NotNull(Op("ListPeople")["responses"]!["200"]!["headers"]!["Link"]);
        Assert.NotNull(Op("GetPersonHistory")["responses"]!["200"]!["headers"]!["Link"]);
        Assert.NotNull(Op("ListChanges")["responses"]!["200"]!["headers"]!["Link"]);

        // A create answers the ETag when the new resource is then changed with If-Match, and only then.
        Assert.True((bool?)Op("CreatePerson")["responses"]!["201"]!["headers"]!["ETag"]!["required"]);
        Assert.Null(Op("AddHolding")["responses"]!["201"]!["headers"]!["ETag"]);
        Assert.Null(Op("CreateApiKey")["responses"]!["201"]!["headers"]!["ETag"]);

        // A POST taking Idempotency-Key says when its answer is a replay, and when to come back for it.
        Assert.NotNull(Header(Op("CreatePerson"), "Idempotency-Key"));
        Assert.NotNull(Op("CreatePerson")["responses"]!["201"]!["headers"]!["Idempotent-Replayed"]);
        Assert.NotNull(Op("CreatePerson")["responses"]!["409"]!["headers"]!["Retry-After"]);
        Assert.Null(Header(Op("CreateApiKey"), "Idempotency-Key"));
    }

    [Fact]
    public async Task Validator_rules_appear_as_schema_constraints()
    {
        var document = await DocumentAsync();
        var person = document["components"]!["schemas"]!["PersonRequest"]!;
        var properties = person["properties"]!;

        Assert.Equal(["name"], person["required"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(1, (int?)properties["name"]!["minLength"]);
        Assert.Equal(200, (int?)properties["name"]!["maxLength"]);
        Assert.Equal(100, (int?)properties["slug"]!["maxLength"]);
        Assert.Equal("^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$", (string?)properties["slug"]!["pattern"]);
        Assert.Equal(20, (int?)properties["occupations"]!["maxItems"]);
        Assert.Equal(60, (int?)properties["occupations"]!["items"]!["maxLength"]);
        Assert.Equal(20, (int?)properties["sources"]!["maxItems"]);
        Assert.Equal("^Q[1-9][0-9]{0,11}$", (string?)document["components"]!["schemas"]!["PersonExternalIds"]!["properties"]!["wikidata"]!["pattern"]);

        var list = Operations(document).Single(op => (string?)op.Operation["operationId"] == "ListPeople").Operation;
        JsonNode Parameter(string name) => list["parameters"]!.AsArray().Single(p => (string?)p!["name"] == name)!["schema"]!;
        Assert.Equal(1, (int?)Parameter("limit")["minimum"]);
        Assert.Equal(200, (int?)Parameter("limit")["maximum"]);
        Assert.Equal("#/components/schemas/PeopleSort", (string?)Parameter("sort")["$ref"]);
        Assert.Equal(["name", "-name", "birthDate", "-birthDate"], document["components"]!["schemas"]!["PeopleSort"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    /// <summary>
    /// What NSwag and Kiota need to generate the right types (issue 13): a nullable reference is allOf [$ref] with
    /// nullable (anyOf [$ref, null object] became empty classes), an enum is one named schema that requests and
    /// responses share, with member names for generators, and dates are format: date.
    /// </summary>
    [Fact]
    public async Task Nullable_references_are_all_of_with_nullable_and_never_any_of()
    {
        var document = await DocumentAsync();
        Assert.DoesNotContain("\"anyOf\"", document.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"oneOf\"", document.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("3.0", ((string?)document["openapi"])?[..3]);

        var current = document["components"]!["schemas"]!["Record"]!["properties"]!["current"]!;
        Assert.Equal("#/components/schemas/Holding", (string?)current["allOf"]?[0]?["$ref"]);
        Assert.True((bool?)current["nullable"]);
        Assert.Null(current["type"]); // a type beside the reference makes NSwag derive a new, empty class

        foreach (var (schema, name) in new[] { ("CrewMember", "ageAtLaunch"), ("Flight", "ageAtLaunch"), ("Holding", "mission"), ("RecordSummary", "current") })
        {
            var member = document["components"]!["schemas"]![schema]!["properties"]![name]!;
            Assert.True(member["allOf"] is JsonArray { Count: 1 } && (bool?)member["nullable"] == true && member["type"] is null, $"{schema}.{name} is not allOf [$ref] with nullable.");
        }
    }

    [Fact]
    public async Task Enums_are_named_once_with_member_names_and_shared_by_requests_and_responses()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        // No inline enum in a component's members or in a parameter: each refers to the named schema.
        var inline = Schemas(document).Where(s => s["enum"] is not null && !schemas.Any(c => ReferenceEquals(c.Value, s))).ToList();
        Assert.True(inline.Count == 0, $"Inline enums: {string.Join("; ", inline.Select(s => s["enum"]!.ToJsonString()))}");

        var enums = schemas.Where(c => c.Value!["enum"] is not null).ToList();
        Assert.Equal(enums.Count, enums.Select(c => string.Join(",", c.Value!["enum"]!.AsArray().Select(v => (string?)v))).Distinct().Count());
        foreach (var (name, schema) in enums)
        {
            var values = schema!["enum"]!.AsArray().Count;
            Assert.Equal(values, schema["x-enumNames"]?.AsArray().Count);
            Assert.Equal(values, schema["x-enum-varnames"]?.AsArray().Count);
            Assert.Equal(values, schema["x-ms-enum"]?["values"]?.AsArray().Count);
            Assert.Equal(name, (string?)schema["x-ms-enum"]?["name"]);
        }

        Assert.Equal(["Karman", "EightyKm"], schemas["Boundary"]!["x-enumNames"]!.AsArray().Select(v => (string?)v));

        // A record's category and metric are the same types in what is sent and what is answered.
        foreach (var contract in new[] { "Record", "RecordSummary", "RecordRequest" })
        {
            var properties = schemas[contract]!["properties"]!;
            Assert.Equal("#/components/schemas/RecordCategory", (string?)properties["category"]!["allOf"]?[0]?["$ref"]);
            Assert.Equal("#/components/schemas/MetricName", (string?)properties["metric"]!["allOf"]?[0]?["$ref"]);
        }

        Assert.Equal("#/components/schemas/MetricName", (string?)schemas["Leaderboard"]!["properties"]!["metric"]!["allOf"]?[0]?["$ref"]);
        Assert.Equal("#/components/schemas/Boundary", (string?)schemas["Leaderboard"]!["properties"]!["boundary"]!["allOf"]?[0]?["$ref"]);

        // The leaderboard's metric path parameter is enumerated, by the same schema.
        foreach (var id in new[] { "GetLeaderboard", "GetLeaderboardProgression" })
        {
            var metric = Operations(document).Single(op => (string?)op.Operation["operationId"] == id).Operation["parameters"]!.AsArray()
                .Single(p => (string?)p!["name"] == "metric")!;
            Assert.Equal("path", (string?)metric["in"]);
            Assert.Equal("#/components/schemas/MetricName", (string?)metric["schema"]?["$ref"]);
        }
    }

    [Fact]
    public async Task Date_parameters_are_format_date_and_still_validated()
    {
        var document = await DocumentAsync();
        JsonNode Parameter(string operationId, string name) =>
            Operations(document).Single(op => (string?)op.Operation["operationId"] == operationId).Operation["parameters"]!.AsArray()
                .Single(p => (string?)p!["name"] == name)!["schema"]!;

        foreach (var (operationId, name) in new[] { ("GetLeaderboard", "asOf"), ("ListMissions", "launchedFrom"), ("ListMissions", "launchedTo") })
        {
            Assert.Equal("date", (string?)Parameter(operationId, name)["format"]);
        }

        await client.GetAsync("/v1/leaderboards/oldest-at-launch?asOf=2021-02-30").AssertStatusAsync(HttpStatusCode.BadRequest);
        await client.GetAsync("/v1/missions?launchedFrom=17.10.2021").AssertStatusAsync(HttpStatusCode.BadRequest);
        await client.GetAsync("/v1/leaderboards/oldest-at-launch?asOf=2021-10-17").AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Document_names_a_server_cors_headers_and_the_problem_message()
    {
        var document = await DocumentAsync();
        Assert.NotEmpty(document["servers"]!.AsArray());
        Assert.All(document["servers"]!.AsArray(), server => Assert.False((bool?)server!["x-internal"]));

        // The service sends CORS headers on reads from any origin (ApiCorsPolicies); the document says so on every response.
        foreach (var op in Operations(document))
        {
            foreach (var (code, response) in op.Operation["responses"]!.AsObject())
            {
                Assert.True(response!["headers"]?["Access-Control-Allow-Origin"] is not null, $"{Name(op)} {code}: no Access-Control-Allow-Origin.");
            }
        }

        var read = new HttpRequestMessage(HttpMethod.Get, "/v1/people?limit=1");
        read.Headers.Add("Origin", "https://elsewhere.example.org");
        var answer = await client.SendAsync(read);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        Assert.True((bool?)document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["detail"]!["x-ms-primary-error-message"]);
    }

    /// <summary>
    /// The other half of "the document and the validators cannot disagree": for every create (a POST
    /// to a collection) and every list, each constraint the document states is tried just past its
    /// edge, and the service must answer 400 naming that field. The body starts from the schema's
    /// example, which must itself be accepted.
    /// </summary>
    [Fact]
    public async Task Service_rejects_what_the_document_says_is_out_of_bounds()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var tried = 0;

        // Creates take JSON; the bulk import (NDJSON) has tests of its own (CatalogueTests).
        foreach (var op in Operations(document).Where(op => op.Method == "post" && !op.Path.Contains('{', StringComparison.Ordinal)
            && op.Operation["requestBody"]?["content"]?["application/json"] is not null))
        {
            var schemaRef = (string)op.Operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
            var schema = schemas[schemaRef.Split('/')[^1]]!;
            var example = schema["example"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{Name(op)}: its body schema has no example.");
            var valid = Unique(example);
            await admin.PostAsync(op.Path, Json(valid.ToJsonString())).AssertStatusAsync(HttpStatusCode.Created);

            foreach (var (field, broken) in Violations(valid, schema.AsObject(), schemas))
            {
                var response = await admin.PostAsync(op.Path, Json(broken.ToJsonString()));
                var messages = await response.AssertValidationErrorAsync(field);
                Assert.NotEmpty(messages);
                tried++;
            }
        }

        foreach (var op in Operations(document).Where(op => op.Method == "get" && !op.Path.Contains('{', StringComparison.Ordinal)))
        {
            foreach (var parameter in (op.Operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query"))
            {
                var name = (string)parameter!["name"]!;
                foreach (var bad in OutOfBounds(Resolve(parameter["schema"]!.AsObject(), schemas)))
                {
                    var response = await admin.GetAsync($"{op.Path}?{name}={Uri.EscapeDataString(bad.ToString())}");
                    await response.AssertValidationErrorAsync(name);
                    tried++;
                }
            }
        }

        Assert.True(tried >= 10, $"Only {tried} constraints were tried.");
    }

    /// <summary>
    /// Every resource's example is a row of the seed data: for each GET of one resource by {ref}, the
    /// example of its response schema is fetched by its slug and must say what the service says
    /// (apart from what each database makes anew: id, version and timestamps).
    /// </summary>
    [Fact]
    public async Task Examples_are_the_seeded_data()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        string[] madeByTheDatabase = ["id", "version", "createdAt", "updatedAt"];
        var compared = 0;

        foreach (var op in Operations(document).Where(op => op.Method == "get" && op.Path.EndsWith("/{ref}", StringComparison.Ordinal)))
        {
            var schemaRef = (string?)op.Operation["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["$ref"];
            var example = schemaRef is null ? null : schemas[schemaRef.Split('/')[^1]]?["example"]?.AsObject();
            Assert.True(example?["slug"] is not null, $"{Name(op)}: its response schema has no example with a slug; add a <Type>.example.json beside the contract.");

            var url = op.Path.Replace("{ref}", (string)example!["slug"]!, StringComparison.Ordinal);
            var seeded = JsonNode.Parse(await client.GetStringAsync(url))!.AsObject();
            foreach (var (member, value) in example.Where(m => !madeByTheDatabase.Contains(m.Key)))
            {
                Assert.True(JsonNode.DeepEquals(WithoutDatabaseMade(seeded[member], madeByTheDatabase), WithoutDatabaseMade(value, madeByTheDatabase)),
                    $"{Name(op)}: the example's {member} is {value?.ToJsonString()}, the seed data's is {seeded[member]?.ToJsonString()}");
                compared++;
            }
        }

        Assert.True(compared > 0, "No example was compared with the seed data.");
    }

    /// <summary>
    /// The document says exactly which members the service sends. Records and leaderboards are where
    /// members come and go with the data (computedLeader only on disagreement, a standing's age only on
    /// age boards, current null before the first holding), so real answers of each kind are read against
    /// their operation's schema: every required member is there, every member is one the schema names,
    /// and a member is null only where the schema allows it.
    /// </summary>
    [Fact]
    public async Task Answers_have_every_member_the_document_requires_and_null_only_where_it_allows()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var disagreeing = await (await admin.PostAsync("/v1/records", Json($$"""{"title":"Oldest, stale {{suffix}}","category":"age","metric":"oldest-at-launch"}""")))
            .ReadJsonAsync();
        await admin.PostAsync($"/v1/records/{disagreeing.GetProperty("id")}/holdings",
            Json("""{"achievedOn":"1998-10-29","mission":"sts-95","people":["john-glenn"],"value":28227,"unit":"days"}""")).AssertStatusAsync(HttpStatusCode.Created);
        var empty = await (await admin.PostAsync("/v1/records", Json($$"""{"title":"No holder yet {{suffix}}","category":"other"}"""))).ReadJsonAsync();
        (string Url, string OperationId)[] answers =
        [
            ("/v1/records/oldest-person-to-fly-in-space", "GetRecord"),
            ("/v1/records/first-feature-film-shot-in-space", "GetRecord"),
            ($"/v1/records/{disagreeing.GetProperty("id")}", "GetRecord"),
            ($"/v1/records/{empty.GetProperty("id")}", "GetRecord"),
            ("/v1/records?limit=200", "ListRecords"),
            ("/v1/leaderboards/oldest-at-launch?limit=5", "GetLeaderboard"),
            ("/v1/leaderboards/longest-flight?limit=5", "GetLeaderboard"),
            ("/v1/leaderboards/oldest-at-launch/progression", "GetLeaderboardProgression"),
            ("/v1/leaderboards/longest-flight/progression", "GetLeaderboardProgression"),
        ];

        var members = 0;
        foreach (var (url, operationId) in answers)
        {
            var operation = Operations(document).Single(op => (string?)op.Operation["operationId"] == operationId).Operation;
            var schema = operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!.AsObject();
            members += Conforms(JsonNode.Parse(await client.GetStringAsync(url)), schema, schemas, url);
        }

        Assert.True(members > 100, $"Only {members} members were read.");
        var record = JsonNode.Parse(await client.GetStringAsync($"/v1/records/{disagreeing.GetProperty("id")}"))!;
        Assert.Equal("ed-dwight", (string?)record["computedLeader"]?["person"]?["slug"]); // so computedLeader was read too
    }

    /// <summary>Checks a value against a schema of the document; the number of values checked.</summary>
    private static int Conforms(JsonNode? value, JsonObject schema, JsonObject schemas, string path)
    {
        if (value is null)
        {
            var nullable = (bool?)schema["nullable"] == true || schema["anyOf"]?.AsArray().Any(s => (bool?)s!["nullable"] == true) == true;
            Assert.True(nullable, $"{path} is null, which the document does not allow.");
            return 1;
        }

        var resolved = Resolve(schema, schemas);
        var count = 1;
        if (value is JsonObject obj && resolved["properties"] is JsonObject properties)
        {
            foreach (var required in resolved["required"]?.AsArray().Select(r => (string)r!) ?? [])
            {
                Assert.True(obj.ContainsKey(required), $"{path}.{required} is required by the document, but the service did not send it.");
            }

            foreach (var (name, member) in obj)
            {
                Assert.True(properties[name] is JsonObject, $"{path}.{name} is sent, but the document does not name it.");
                count += Conforms(member, properties[name]!.AsObject(), schemas, $"{path}.{name}");
            }
        }
        else if (value is JsonArray array && resolved["items"] is JsonObject items)
        {
            count += array.Select((item, i) => Conforms(item, items, schemas, $"{path}[{i}]")).Sum();
        }

        return count;
    }

    /// <summary>A copy without the members the database makes (ids, versions, times), at any depth.</summary>
    private static JsonNode? WithoutDatabaseMade(JsonNode? node, string[] members)
    {
        var copy = node?.DeepClone();
        foreach (var item in copy is null ? [] : Descendants(copy).OfType<JsonObject>())
        {
            foreach (var member in members)
            {
                item.Remove(member);
            }
        }

        return copy;

        static IEnumerable<JsonNode> Descendants(JsonNode root) =>
            root switch
            {
                JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(root),
                JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants).Prepend(root),
                _ => [root],
            };
    }

    /// <summary>The example made unique where uniqueness matters: its name and slug.</summary>
    private static JsonObject Unique(JsonObject example)
    {
        var body = example.DeepClone().AsObject();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        if (body["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String)
        {
            // A hyphen keeps the name valid for every resource (key names allow no spaces).
            body["name"] = $"{name}-{suffix}";
        }

        if (body["slug"] is JsonValue slug && slug.GetValueKind() == JsonValueKind.String)
        {
            body["slug"] = $"{slug}-{suffix}";
        }

        return body;
    }

    /// <summary>For each constraint of each property, the field name and a body that breaks just that constraint.</summary>
    private static IEnumerable<(string Field, JsonObject Body)> Violations(JsonObject valid, JsonObject schema, JsonObject schemas)
    {
        foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            var body = valid.DeepClone().AsObject();
            body.Remove(required);
            yield return (required, body);
        }

        foreach (var (name, propertyNode) in schema["properties"]!.AsObject())
        {
            var property = Resolve(propertyNode!.AsObject(), schemas);
            foreach (var bad in OutOfBounds(property))
            {
                var body = valid.DeepClone().AsObject();
                body[name] = bad;
                yield return (name, body);
            }

            if (property["items"] is JsonObject items)
            {
                foreach (var bad in OutOfBounds(Resolve(items, schemas)))
                {
                    var body = valid.DeepClone().AsObject();
                    body[name] = new JsonArray(bad);
                    yield return ($"{name}[0]", body);
                }
            }

            if (property["properties"] is JsonObject nested)
            {
                foreach (var (inner, innerNode) in nested)
                {
                    foreach (var bad in OutOfBounds(Resolve(innerNode!.AsObject(), schemas)))
                    {
                        var body = valid.DeepClone().AsObject();
                        body[name] = new JsonObject { [inner] = bad };
                        yield return ($"{name}.{inner}", body);
                    }
                }
            }
        }
    }

    /// <summary>Values just past each bound the schema states.</summary>
    private static IEnumerable<JsonNode> OutOfBounds(JsonObject schema)
    {
        if ((int?)schema["maxLength"] is { } maxLength)
        {
            yield return JsonValue.Create(new string('a', maxLength + 1));
        }

        if ((int?)schema["minLength"] is > 0)
        {
            yield return JsonValue.Create("");
        }

        if ((string?)schema["pattern"] is { } pattern && !System.Text.RegularExpressions.Regex.IsMatch("!", pattern))
        {
            yield return JsonValue.Create("!");
        }

        if (schema["minimum"] is { } minimum)
        {
            yield return JsonValue.Create((decimal)minimum - 1);
        }

        if (schema["maximum"] is { } maximum)
        {
            yield return JsonValue.Create((decimal)maximum + 1);
        }

        if (schema["enum"] is JsonArray values && (string?)schema["type"] == "string")
        {
            yield return JsonValue.Create(string.Concat(values.Select(v => (string?)v)) + "-none");
        }

        if ((int?)schema["maxItems"] is { } maxItems)
        {
            yield return new JsonArray([.. Enumerable.Range(0, maxItems + 1).Select(i => (JsonNode)JsonValue.Create(SampleItem(schema, i))!)]);
        }
    }

    /// <summary>A distinct valid-looking item for an array: a URL where the items are URLs, else a word.</summary>
    private static string SampleItem(JsonObject arraySchema, int index) =>
        ((string?)arraySchema["description"])?.Contains("URL", StringComparison.Ordinal) == true
            ? $"https://example.org/{index}"
            : $"item{index}";

    /// <summary>The component a schema stands for: a $ref, or a member's allOf [ref] or anyOf [ref, null].</summary>
    private static JsonObject Resolve(JsonObject schema, JsonObject schemas) =>
        (string?)(schema["$ref"] ?? (schema["allOf"] ?? schema["anyOf"])?[0]?["$ref"]) is { } reference
            ? schemas[reference.Split('/')[^1]]!.AsObject()
            : schema;

    /// <summary>Every schema in the document: components, their properties and items, and parameters.</summary>
    private static IEnumerable<JsonObject> Schemas(JsonObject document)
    {
        IEnumerable<JsonObject> Walk(JsonNode? node) =>
            node is not JsonObject schema ? []
            : new[] { schema }
                .Concat((schema["properties"]?.AsObject() ?? []).SelectMany(p => Walk(p.Value)))
                .Concat(Walk(schema["items"]))
                .Concat(Walk(schema["additionalProperties"]));

        return (document["components"]?["schemas"]?.AsObject() ?? []).SelectMany(s => Walk(s.Value))
            .Concat(Operations(document).SelectMany(op => (op.Operation["parameters"]?.AsArray() ?? []).SelectMany(p => Walk(p!["schema"]))));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same document with object members in name order, so member order is no difference.</summary>
    private static JsonNode Canonical(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(item => item is null ? null : Canonical(item))]),
        _ => node.DeepClone(),
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecordsApi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RecordsApi.sln above {AppContext.BaseDirectory}.");
    }
}
