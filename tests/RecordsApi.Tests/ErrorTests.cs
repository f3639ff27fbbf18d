namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class ErrorTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        var problem = await (await client.GetAsync("/v1/nothing-here")).AssertProblemAsync(ProblemTypes.NotFound);

        Assert.Equal("/v1/nothing-here", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_405_problem_naming_the_allowed_ones()
    {
        var response = await client.PatchAsync("/v1/people", HttpAssertions.Json("{}"));

        var problem = await response.AssertProblemAsync(ProblemTypes.MethodNotAllowed);
        Assert.Contains("GET", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Root_redirects_to_swagger_and_the_document_is_served()
    {
        var root = await client.GetAsync("/");
        Assert.Equal("/swagger", root.Headers.Location?.ToString());
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(root.Headers.Location, head.Headers.Location);

        var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).ReadJsonAsync();
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/people", out _));
    }

    [Fact]
    public async Task A_write_without_a_body_is_a_malformed_request_without_field_errors()
    {
        var response = await api.CreateWriterClient().PostAsync("/v1/people", new StringContent("", System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(ProblemTypes.MalformedRequest);
        Assert.False(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public void Each_kind_of_problem_has_its_own_type_under_one_base_and_its_own_title()
    {
        var kinds = ProblemTypes.All;

        Assert.Equal(kinds.Count, kinds.Select(kind => kind.Uri).Distinct().Count());
        Assert.Equal(kinds.Count, kinds.Select(kind => kind.Title).Distinct().Count());
        Assert.All(kinds, kind => Assert.Matches("^https://records-api\\.dev/problems/[a-z]+(-[a-z]+)*$", kind.Uri));
        // Every status a kind is the general one for maps back to a kind of that status.
        Assert.All(kinds, kind => Assert.Equal(kind.Status, ProblemTypes.ForStatus(kind.Status).Status));
    }

    [Fact]
    public void Docs_errors_lists_exactly_the_kinds_the_service_answers_with()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "errors.md");
        var rows = File.ReadAllLines(path)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, "^\\| `(?<name>[a-z-]+)` \\| (?<status>\\d{3}) \\| (?<title>[^|]+) \\|"))
            .Where(match => match.Success)
            .Select(match => (match.Groups["name"].Value, int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["title"].Value.Trim()))
            .ToList();

        Assert.Equal(ProblemTypes.All.Select(kind => (kind.Name, kind.Status, kind.Title)), rows);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_type_and_names_the_kinds_of_each_error_response()
    {
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).ReadJsonAsync();

        var type = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties").GetProperty("type");
        Assert.Equal(ProblemTypes.All.Select(kind => kind.Uri), type.GetProperty("x-extensible-enum").EnumerateArray().Select(uri => uri.GetString()));
        Assert.False(type.TryGetProperty("enum", out _));

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Method: operation.Name, Operation: operation.Value)))
            .ToList();
        string Description((string Path, string Method, JsonElement Operation) op, string status) =>
            op.Operation.GetProperty("responses").GetProperty(status).GetProperty("description").GetString()!;
        var createPerson = operations.Single(op => op is { Path: "/v1/people", Method: "post" });
        Assert.Contains("kind `slug-taken` or `idempotency-key-in-progress`", Description(createPerson, "409"));
        Assert.DoesNotContain("`referenced-by`", Description(createPerson, "409"));
        Assert.Contains("`idempotency-key-reused`", Description(createPerson, "422"));
        var deleteMission = operations.Single(op => op is { Path: "/v1/missions/{ref}", Method: "delete" });
        Assert.EndsWith("kind `referenced-by` (docs/errors.md).", Description(deleteMission, "409"));
        var createKey = operations.Single(op => op is { Path: "/v1/keys", Method: "post" });
        Assert.EndsWith("kind `key-name-taken` (docs/errors.md).", Description(createKey, "409"));

        foreach (var op in operations)
        {
            // A bad key is refused everywhere, so every operation declares the 401 and its challenge.
            var unauthorized = op.Operation.GetProperty("responses").GetProperty("401");
            Assert.True(unauthorized.GetProperty("headers").TryGetProperty("WWW-Authenticate", out _), $"{op.Method} {op.Path}");
            foreach (var response in op.Operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                Assert.Contains("https://records-api.dev/problems/<kind>, kind `", response.Value.GetProperty("description").GetString());
            }
        }
    }

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
