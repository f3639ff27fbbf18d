using System.Text;
using RecordsApi.Catalogue;

namespace RecordsApi.Tests;

/// <summary>The importer (POST /v1/import, `catalogue import`) and the export (GET /v1/export).</summary>
[Collection(CatalogueCollection.Name)]
public sealed class CatalogueTests(CatalogueFixture api)
{
    private static readonly string[] Boards = ["oldest-at-launch", "youngest-at-launch", "longest-flight", "most-flights", "most-time-in-space"];

    [Fact]
    public async Task Export_starts_with_the_catalogue_line_and_lists_every_person_mission_and_record_once()
    {
        var response = await api.CreateClient().GetAsync("/v1/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        var header = lines[0];
        Assert.Equal("catalogue", header.GetProperty("type").GetString());
        Assert.Equal("2026-05-24", header.GetProperty("completeTo").GetString());
        var sequence = header.GetProperty("changesSequence").GetInt64();
        Assert.True(sequence > 0);
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        var counts = await connection.QuerySingleAsync<(long People, long Missions, long Records)>(
            """
            SELECT (SELECT count(*) FROM people WHERE deleted_at IS NULL), (SELECT count(*) FROM missions WHERE deleted_at IS NULL),
                   (SELECT count(*) FROM records WHERE deleted_at IS NULL)
            """);
        Assert.Equal(counts.People, lines.Count(l => l.GetProperty("type").GetString() == "person"));
        Assert.Equal(counts.Missions, lines.Count(l => l.GetProperty("type").GetString() == "mission"));
        Assert.Equal(counts.Records, lines.Count(l => l.GetProperty("type").GetString() == "record"));
        Assert.Equal(lines.Count - 1, lines.Skip(1).Select(l => l.GetProperty("type").GetString() + "/" + l.GetProperty("slug").GetString()).Distinct().Count());
        var soyuz = lines.Single(l => l.GetProperty("type").GetString() == "mission" && l.GetProperty("slug").GetString() == "soyuz-ms-18");
        Assert.Contains(soyuz.GetProperty("crew").EnumerateArray(), c => c.GetProperty("person").GetString() == "yulia-peresild"
            && !c.GetProperty("launched").GetBoolean() && c.GetProperty("landed").GetBoolean());
        Assert.False(soyuz.TryGetProperty("id", out _));
        Assert.False(soyuz.TryGetProperty("version", out _));
    }

    [Fact]
    public async Task Importing_the_export_again_changes_nothing_and_says_so()
    {
        var export = await api.CreateClient().GetStringAsync("/v1/export");
        var versions = await VersionsAsync(api.ConnectionString);

        var summary = await ImportAsync(api.CreateAdminClient(), export);

        Assert.False(summary.GetProperty("changed").GetBoolean());
        Assert.Empty(summary.GetProperty("changes").EnumerateArray());
        Assert.Equal(0, summary.GetProperty("people").GetProperty("created").GetInt32() + summary.GetProperty("people").GetProperty("updated").GetInt32());
        Assert.True(summary.GetProperty("missions").GetProperty("unchanged").GetInt32() >= 1);
        Assert.Equal(versions, await VersionsAsync(api.ConnectionString));
    }

    [Fact]
    public async Task The_shipped_catalogue_loads_twice_with_no_change_the_second_time()
    {
        using var scope = api.Services.CreateScope();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CatalogueCommands.ImportAsync(scope.ServiceProvider, [], dryRun: false, output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("Nothing to change", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_reports_the_change_and_writes_nothing()
    {
        var person = await PersonLineAsync("yuri-gagarin");
        var changed = person.Replace("\"occupations\":[", "\"occupations\":[\"dry-run-occupation\",", StringComparison.Ordinal);
        var before = await VersionsAsync(api.ConnectionString);

        var response = await api.CreateAdminClient().PostAsync("/v1/import?dryRun=true", Ndjson(changed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.ReadJsonAsync();
        Assert.True(summary.GetProperty("dryRun").GetBoolean());
        Assert.True(summary.GetProperty("changed").GetBoolean());
        var change = Assert.Single(summary.GetProperty("changes").EnumerateArray());
        Assert.Equal(("person", "yuri-gagarin", "update"),
            (change.GetProperty("type").GetString(), change.GetProperty("slug").GetString(), change.GetProperty("operation").GetString()));
        Assert.Equal(before, await VersionsAsync(api.ConnectionString));
        var stored = await api.CreateClient().GetFromJsonAsync<JsonElement>("/v1/people/yuri-gagarin");
        Assert.DoesNotContain("dry-run-occupation", stored.GetProperty("occupations").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task An_import_creates_and_updates_by_slug_with_one_revision_each_and_replaces_the_crew()
    {
        var admin = api.CreateAdminClient();
        var slug = $"import-test-{Guid.NewGuid():N}"[..30];
        var lines = $$"""
            {"type":"person","slug":"{{slug}}-a","name":"Import Test A","birthDate":"1970-01-01","nationality":"FR","occupations":["engineer"],"sources":["https://example.org/a"]}
            {"type":"person","slug":"{{slug}}-b","name":"Import Test B","birthDate":"1971-02-03","nationality":"SU","sources":["https://example.org/b"]}
            {"type":"mission","slug":"{{slug}}-m","name":"Import Test Mission","kind":"suborbital","apogeeKm":105.5,"launchAt":"2026-01-02T03:04:05Z","landingAt":"2026-01-02T03:14:07Z","sources":["https://example.org/m"],"crew":[{"person":"{{slug}}-a","role":"commander","launched":true,"landed":true}]}
            """;

        var created = await ImportAsync(admin, lines);
        Assert.Equal(2, created.GetProperty("people").GetProperty("created").GetInt32());
        Assert.Equal(1, created.GetProperty("missions").GetProperty("created").GetInt32());
        var person = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/people/{slug}-b");
        Assert.Equal("SU", person.GetProperty("nationality").GetString());

        // Same mission, one more crew member: the mission is updated (its crew), the people are unchanged.
        var updated = await ImportAsync(admin, lines.Replace(
            "\"launched\":true,\"landed\":true}]",
            $"\"launched\":true,\"landed\":true}},{{\"person\":\"{slug}-b\",\"role\":\"passenger\",\"launched\":true,\"landed\":true}}]",
            StringComparison.Ordinal));
        Assert.Equal(0, updated.GetProperty("people").GetProperty("updated").GetInt32());
        Assert.Equal(1, updated.GetProperty("missions").GetProperty("updated").GetInt32());
        var crew = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/missions/{slug}-m/crew");
        Assert.Equal(2, crew.GetProperty("items").GetArrayLength());
        var history = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/missions/{slug}-m/history");
        Assert.Equal(["create", "update"], history.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("operation").GetString()).OrderBy(o => o));
        Assert.All(history.GetProperty("items").EnumerateArray(), r => Assert.Equal(ApiFixture.AdminName, r.GetProperty("changedBy").GetString()));

        // Without the second member again: the crew becomes exactly the line's.
        await ImportAsync(admin, lines);
        crew = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/missions/{slug}-m/crew");
        Assert.Equal($"{slug}-a", Assert.Single(crew.GetProperty("items").EnumerateArray()).GetProperty("person").GetProperty("slug").GetString());

        await RemoveAsync(slug);
    }

    [Fact]
    public async Task The_catalogue_line_cites_its_sources_and_one_that_is_not_a_url_is_refused()
    {
        var lines = """
            {"type":"catalogue","completeTo":"2026-05-24","sources":["https://example.org/completeness","not a url"]}
            """;

        var response = await api.CreateAdminClient().PostAsync("/v1/import?dryRun=true", Ndjson(lines));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("line 1: sources[1]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_bad_line_is_reported_with_its_line_and_field_and_nothing_is_written()
    {
        var slug = $"import-bad-{Guid.NewGuid():N}"[..28];
        var lines = $$"""
            {"type":"person","slug":"{{slug}}-ok","name":"Fine Person","sources":["https://example.org/ok"]}
            {"type":"person","slug":"{{slug}}-x","name":"Bad Dates","birthDate":"2099-01-01","nationality":"XX"}
            not json at all
            {"type":"mission","slug":"{{slug}}-m","name":"Bad Crew","kind":"orbital","crew":[{"person":"nobody-by-this-slug","role":"commander","launched":true,"landed":true}]}
            {"type":"spaceship","slug":"{{slug}}-s"}
            {"type":"person","name":"No Slug"}
            {"type":"person","slug":"{{slug}}-ok","name":"Fine Person Again","mood":"happy"}
            """;

        var response = await api.CreateAdminClient().PostAsync("/v1/import", Ndjson(lines));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("line 2: birthDate", errors);
        Assert.Contains("line 2: nationality", errors);
        Assert.Contains("line 3: line", errors);
        Assert.Contains("line 5: type", errors);
        Assert.Contains("line 6: slug", errors);
        Assert.Contains(errors, e => e.StartsWith("line 7: ", StringComparison.Ordinal));
        Assert.Contains("line 4: crew[0].person", errors);
        Assert.Contains("line 2", problem.GetProperty("detail").GetString()! + string.Join(' ', errors), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync($"/v1/people/{slug}-ok")).StatusCode);

        // A line that reads well but names a person nobody has is refused too, with its line.
        var reference = await api.CreateAdminClient().PostAsync("/v1/import", Ndjson(string.Join('\n', lines.Split('\n')[0], lines.Split('\n')[3])));
        var referenceErrors = (await reference.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(referenceErrors.TryGetProperty("line 2: crew[0].person", out _), referenceErrors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync($"/v1/people/{slug}-ok")).StatusCode);
    }

    [Fact]
    public async Task Import_needs_an_admin_key_and_ndjson()
    {
        var line = await PersonLineAsync("yuri-gagarin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().PostAsync("/v1/import", Ndjson(line))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateWriterClient().PostAsync("/v1/import", Ndjson(line))).StatusCode);
        var json = await api.CreateAdminClient().PostAsync("/v1/import", new StringContent(line, Encoding.UTF8, "application/json"));
        await json.AssertProblemAsync(ProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_command_reports_each_refused_line_with_its_file_and_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, "{\"type\":\"person\",\"slug\":\"ok-person\",\"name\":\"Ok\",\"sources\":[\"https://example.org\"]}\n{\"type\":\"person\",\"slug\":\"Bad Slug\",\"name\":\"X\"}\n");
        try
        {
            using var scope = api.Services.CreateScope();
            var error = new StringWriter();

            var exit = await CatalogueCommands.ImportAsync(scope.ServiceProvider, [file], dryRun: false, new StringWriter(), error);

            Assert.Equal(1, exit);
            Assert.Contains($"{Path.GetFileName(file)}:2", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("slug", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/v1/people/ok-person")).StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_executable_imports_from_the_command_line_and_says_which_file_and_line_is_wrong()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-cli-{Guid.NewGuid():N}.ndjson");
        var export = await api.CreateClient().GetStringAsync("/v1/export");
        await File.WriteAllTextAsync(file, export + "{\"type\":\"person\",\"slug\":\"bad-nationality\",\"name\":\"X\",\"nationality\":\"XX\"}\n");
        try
        {
            var (exit, _, error) = await ServiceProcess.RunAsync(api.ConnectionString, null, "catalogue", "import", "--dry-run", file);

            Assert.True(exit == 1, error);
            var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length + 1;
            Assert.Contains($"{Path.GetFileName(file)}:{lines} (bad-nationality): nationality:", error, StringComparison.Ordinal);

            await File.WriteAllTextAsync(file, export);
            var (again, output, againError) = await ServiceProcess.RunAsync(api.ConnectionString, null, "catalogue", "import", file);
            Assert.True(again == 0, againError);
            Assert.Contains("Nothing to change", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Export_then_import_into_a_new_database_reproduces_every_leaderboard_and_progression()
    {
        var export = await api.CreateClient().GetStringAsync("/v1/export");
        var (factory, connectionString) = await api.WithoutCatalogueAsync("records_catalogue_copy");
        await using (factory)
        {
            string adminKey;
            await using (var db = NpgsqlDataSource.Create(connectionString))
            {
                // Start the host (migrations) before making its key.
                _ = factory.Services;
                adminKey = (await RecordsApi.Keys.KeysStore.CreateAsync(db, "copy-admin", RecordsApi.Infrastructure.Auth.ApiKeyScope.Admin, "tests"))!.Key;
            }

            var copy = factory.CreateClient();
            copy.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
            await ImportAsync(copy, export);

            foreach (var board in Boards)
            {
                foreach (var boundary in new[] { "karman", "80km" })
                {
                    foreach (var asOf in new[] { "", "&asOf=1990-01-01", "&asOf=2005-06-30" })
                    {
                        var path = $"/v1/leaderboards/{board}?boundary={boundary}&limit=200{asOf}";
                        Assert.Equal(Standings(await api.CreateClient().GetStringAsync(path)), Standings(await copy.GetStringAsync(path)));
                    }

                    var progression = $"/v1/leaderboards/{board}/progression?boundary={boundary}";
                    Assert.Equal(Steps(await api.CreateClient().GetStringAsync(progression)), Steps(await copy.GetStringAsync(progression)));
                }
            }

            var again = await ImportAsync(copy, export);
            Assert.False(again.GetProperty("changed").GetBoolean());
        }
    }

    private static async Task<JsonElement> ImportAsync(HttpClient client, string lines)
    {
        var response = await client.PostAsync("/v1/import", Ndjson(lines));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<string> PersonLineAsync(string slug) =>
        (await api.CreateClient().GetStringAsync("/v1/export")).Split('\n')
            .Single(line => line.StartsWith("{\"type\":\"person\",\"slug\":\"" + slug + "\"", StringComparison.Ordinal));

    private static StringContent Ndjson(string lines)
    {
        var content = new StringContent(lines, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }

    private static async Task<string> VersionsAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>(
            """
            SELECT md5(string_agg(v, ',' ORDER BY v)) FROM (
                SELECT 'p' || slug || version FROM people UNION ALL SELECT 'm' || slug || version FROM missions
                UNION ALL SELECT 'r' || slug || version FROM records UNION ALL SELECT 'v' || count(*) FROM revisions) AS x (v)
            """) ?? "";
    }

    /// <summary>A board as slugs and values: ids differ between databases.</summary>
    private static List<string> Standings(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("standings").EnumerateArray().Select(s =>
            $"{s.GetProperty("rank")} {s.GetProperty("person").GetProperty("slug")} {s.GetProperty("mission").GetProperty("slug")} {s.GetProperty("date")} {s.GetProperty("value")}")];

    private static List<string> Steps(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("progression").EnumerateArray().Select(s =>
            $"{s.GetProperty("person").GetProperty("slug")} {s.GetProperty("mission").GetProperty("slug")} {s.GetProperty("date")} {s.GetProperty("value")}")];

    private async Task RemoveAsync(string slugPrefix)
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            DELETE FROM crew_members c USING missions m WHERE c.mission_id = m.id AND m.slug LIKE @prefix;
            UPDATE missions SET deleted_at = now() WHERE slug LIKE @prefix;
            UPDATE people SET deleted_at = now() WHERE slug LIKE @prefix;
            """,
            new { prefix = slugPrefix + "%" });
    }
}
