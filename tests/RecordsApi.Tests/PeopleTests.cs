namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class PeopleTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();
    private readonly HttpClient writer = api.CreateWriterClient();

    private async Task<JsonElement> CreateAsync(object person)
    {
        var response = await writer.PostAsync("/v1/people", Json(person)).AssertStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    [Theory]
    [InlineData("peresild")]
    [InlineData("peresil")]
    [InlineData("PERESILD")]
    [InlineData("Пересильд")]
    [InlineData("Юлия")]
    [InlineData("yulia")]
    public async Task Search_finds_Yulia_Peresild_in_any_case_and_script(string q)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/v1/people?q={Uri.EscapeDataString(q)}");

        var slugs = page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("slug").GetString()).ToList();
        Assert.Contains("yulia-peresild", slugs);
    }

    [Fact]
    public async Task Search_ignores_accents()
    {
        var name = Unique("Zoë Brontë");
        await CreateAsync(new { name });

        var page = await client.GetFromJsonAsync<JsonElement>("/v1/people?q=zoe%20bronte");

        Assert.Contains(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Seeded_people_have_their_birth_dates()
    {
        var yulia = await client.GetFromJsonAsync<JsonElement>("/v1/people/yulia-peresild");

        Assert.Equal("Yulia Peresild", yulia.GetProperty("name").GetString());
        Assert.Equal("1984-09-05", yulia.GetProperty("birthDate").GetString());
        Assert.Equal("RU", yulia.GetProperty("nationality").GetString());
        Assert.NotEmpty(yulia.GetProperty("sources").EnumerateArray());
        foreach (var (slug, born) in new[] { ("william-shatner", "1931-03-22"), ("wally-funk", "1939-02-01"), ("john-glenn", "1921-07-18"), ("ed-dwight", "1933-09-09") })
        {
            var person = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{slug}");
            Assert.Equal(born, person.GetProperty("birthDate").GetString());
        }
    }

    [Theory]
    [InlineData("/v1/people/klim-shipenko")]
    [InlineData("/v1/people?limit=2")]
    [InlineData("/v1/missions/soyuz-ms-18/crew")]
    [InlineData("/v1/leaderboards/oldest-at-launch")]
    public async Task Public_reads_may_be_cached_only_to_be_revalidated(string url)
    {
        var response = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);

        Assert.True(response.Headers.CacheControl?.NoCache, $"{url}: Cache-Control is {response.Headers.CacheControl}");
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task A_write_carries_no_caching_permission()
    {
        var response = await writer.PostAsync("/v1/people", Json(new { name = Unique("Uncached Writer") })).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Null(response.Headers.CacheControl);
    }

    [Fact]
    public async Task Post_creates_with_a_slug_from_the_name_and_answers_201_with_location()
    {
        var name = Unique("Valentina Test");
        var response = await writer.PostAsync("/v1/people", Json(new
        {
            name,
            nativeName = "Валентина",
            birthDate = "1937-03-06",
            nationality = "ru",
            occupations = new[] { "Cosmonaut" },
            externalIds = new { wikidata = "Q7346" },
            sources = new[] { "https://en.wikipedia.org/wiki/Valentina_Tereshkova" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var person = await response.ReadJsonAsync();

        var slug = person.GetProperty("slug").GetString()!;
        Assert.StartsWith("valentina-test-", slug);
        Assert.Equal("RU", person.GetProperty("nationality").GetString());
        Assert.Equal(["cosmonaut"], person.GetProperty("occupations").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(1, person.GetProperty("version").GetInt32());
        Assert.Equal(new Uri(client.BaseAddress!, $"/v1/people/{person.GetProperty("id").GetInt64()}"), response.Headers.Location);
        Assert.Equal("\"1\"", response.ETag());

        await using var connection = await api.Database.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<(string Name, DateOnly BirthDate, string Wikidata)>(
            "SELECT name, birth_date, wikidata FROM people WHERE slug = @slug", new { slug });
        Assert.Equal((name, new DateOnly(1937, 3, 6), "Q7346"), stored);
    }

    [Fact]
    public async Task Post_transliterates_a_cyrillic_name_into_the_slug()
    {
        var person = await CreateAsync(new { name = "Юрий Тестов" });

        Assert.StartsWith("yuriy-testov", person.GetProperty("slug").GetString());
    }

    public static TheoryData<string, string> InvalidPeople => new()
    {
        { """{"name": ""}""", "name" },
        { """{"name": "   "}""", "name" },
        { $$"""{"name": "{{new string('x', 201)}}"}""", "name" },
        { """{"name": "Bell\u0007Ringer"}""", "name" },
        { """{"name": "Nul\u0000Byte"}""", "name" },
        { """{}""", "name" },
        { """{"name": "A", "slug": "Not A Slug"}""", "slug" },
        { """{"name": "A", "slug": "12345"}""", "slug" },
        { """{"name": "A", "slug": "double--hyphen"}""", "slug" },
        { """{"name": "A", "birthDate": "2999-01-01"}""", "birthDate" },
        { """{"name": "A", "birthDate": "1950-01-01", "deathDate": "1940-01-01"}""", "deathDate" },
        { """{"name": "A", "nationality": "XX"}""", "nationality" },
        { """{"name": "A", "nationality": "USA"}""", "nationality" },
        { """{"name": "A", "occupations": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u"]}""", "occupations" },
        { $$"""{"name": "A", "occupations": ["{{new string('o', 61)}}"]}""", "occupations[0]" },
        { """{"name": "A", "occupations": [""]}""", "occupations[0]" },
        { """{"name": "A", "sources": ["not a url"]}""", "sources[0]" },
        { """{"name": "A", "sources": ["ftp://example.org/file"]}""", "sources[0]" },
        { """{"name": "A", "sources": ["/relative/path"]}""", "sources[0]" },
        { $$"""{"name": "A", "sources": [{{string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"https://example.org/{i}\""))}}]}""", "sources" },
        { """{"name": "A", "externalIds": {"wikidata": "7327"}}""", "externalIds.wikidata" },
    };

    [Theory]
    [MemberData(nameof(InvalidPeople))]
    public async Task Post_with_an_invalid_field_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await CountPeopleAsync();

        var response = await writer.PostAsync("/v1/people", Json(body));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, await CountPeopleAsync());
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        { """{"name": "A",""", "body", "line 1" },
        { """{"name": 42}""", "name", "string" },
        { """{"name": "A", "birthDate": "2021-02-30"}""", "birthDate", "YYYY-MM-DD" },
        { """{"name": "A", "birthDate": 19840905}""", "birthDate", "YYYY-MM-DD" },
        { """{"name": "A", "occupations": "actress"}""", "occupations", "array" },
        { """{"name": "A", "identifier": 5}""", "identifier", "not a field" },
        { """{"name": "A", "name": "B"}""", "name", "more than once" },
        { """[1, 2]""", "body", "object" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Post_with_malformed_json_is_400_saying_what_and_where(string body, string field, string hint)
    {
        var response = await writer.PostAsync("/v1/people", Json(body));

        var messages = await response.AssertValidationErrorAsync(field);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(hint, problem.GetProperty("detail").GetString() + string.Join(" ", messages), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_without_json_content_type_is_415_problem()
    {
        var response = await writer.PostAsync("/v1/people", new StringContent("""{"name": "A"}""", System.Text.Encoding.UTF8, "text/plain"));

        await response.AssertProblemAsync(ProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_with_an_empty_body_is_400_problem()
    {
        var response = await writer.PostAsync("/v1/people", new StringContent("", System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_with_current_if_match_replaces_and_bumps_the_version()
    {
        var created = await CreateAsync(new { name = Unique("Put Person"), nationality = "US" });
        var id = created.GetProperty("id").GetInt64();
        var newName = Unique("Renamed Person");

        var response = await writer.PutIfMatchAsync($"/v1/people/{id}", new { name = newName, birthDate = "1960-01-01" }, "\"1\"")
            .AssertStatusAsync(HttpStatusCode.OK);
        var updated = await response.ReadJsonAsync();

        Assert.Equal(newName, updated.GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("slug").GetString(), updated.GetProperty("slug").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("nationality").ValueKind);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal("\"2\"", response.ETag());
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{id}");
        Assert.Equal(updated.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task History_records_every_write_with_the_stored_document()
    {
        var created = await CreateAsync(new { name = Unique("Historic Person") });
        var id = created.GetProperty("id").GetInt64();
        var updated = await (await writer.PutIfMatchAsync($"/v1/people/{id}", new { name = "Historic Person Renamed", nationality = "FR" }, "\"1\"")).ReadJsonAsync();

        var history = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{id}/history");

        var revisions = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, revisions.Count);
        Assert.Equal(("create", 1), (revisions[0].GetProperty("operation").GetString(), revisions[0].GetProperty("version").GetInt32()));
        Assert.Equal(("update", 2), (revisions[1].GetProperty("operation").GetString(), revisions[1].GetProperty("version").GetInt32()));
        Assert.Equal(ApiFixture.WriterName, revisions[1].GetProperty("changedBy").GetString());
        Assert.True(revisions[0].GetProperty("sequence").GetInt64() < revisions[1].GetProperty("sequence").GetInt64());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(created.ToString()), JsonNode.Parse(revisions[0].GetProperty("data").ToString())), revisions[0].ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(updated.ToString()), JsonNode.Parse(revisions[1].GetProperty("data").ToString())), revisions[1].ToString());
    }

    [Fact]
    public async Task History_pages_through_every_revision_in_order_with_its_feed_sequence()
    {
        var id = (await CreateAsync(new { name = Unique("Paged History") })).GetProperty("id").GetInt64();
        for (var version = 1; version <= 4; version++)
        {
            await writer.PutIfMatchAsync($"/v1/people/{id}", new { name = $"Paged History {version}" }, $"\"{version}\"");
        }

        var revisions = (await client.AllPagesAsync($"/v1/people/{id}/history?limit=2")).Items().ToList();

        Assert.Equal([1, 2, 3, 4, 5], revisions.Select(r => r.GetProperty("version").GetInt32()));
        var sequences = revisions.Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        // The same numbers the changes feed lists them under.
        var feed = await client.GetFromJsonAsync<JsonElement>($"/v1/changes?since={sequences[0] - 1}&limit=5");
        Assert.Equal(sequences, feed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("sequence").GetInt64()));
        Assert.All(feed.GetProperty("items").EnumerateArray(), c => Assert.Equal(id, c.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task List_pages_with_cursor_and_link_until_the_end()
    {
        var occupation = UniqueSlug("pager");
        var names = Enumerable.Range(0, 5).Select(i => $"Pager {(char)('A' + i)} {occupation}").ToList();
        foreach (var name in names.AsEnumerable().Reverse())
        {
            await CreateAsync(new { name, occupations = new[] { occupation } });
        }

        var pages = await client.AllPagesAsync($"/v1/people?occupation={occupation}&limit=2");

        Assert.Equal(3, pages.Count);
        Assert.Equal(names, pages.Strings("name"));
    }

    [Fact]
    public async Task List_sorts_by_birth_date_both_ways_with_unknown_dates_last()
    {
        var occupation = UniqueSlug("sorter");
        await CreateAsync(new { name = "Sorter Old", birthDate = "1930-01-01", occupations = new[] { occupation } });
        await CreateAsync(new { name = "Sorter Unknown", occupations = new[] { occupation } });
        await CreateAsync(new { name = "Sorter Young", birthDate = "1990-01-01", occupations = new[] { occupation } });

        // Page by one so the cursors of each order are exercised too.
        async Task<List<string>> Names(string sort) => (await client.AllPagesAsync($"/v1/people?occupation={occupation}&sort={sort}&limit=1")).Strings("name");

        Assert.Equal(["Sorter Old", "Sorter Young", "Sorter Unknown"], await Names("birthDate"));
        Assert.Equal(["Sorter Young", "Sorter Old", "Sorter Unknown"], await Names("-birthDate"));
        Assert.Equal(["Sorter Young", "Sorter Unknown", "Sorter Old"], await Names("-name"));
    }

    [Fact]
    public async Task List_filters_by_nationality_in_any_case()
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/v1/people?nationality=nl&limit=200");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, p => p.GetProperty("slug").GetString() == "oliver-daemen");
        Assert.All(items, p => Assert.Equal("NL", p.GetProperty("nationality").GetString()));
    }

    [Fact]
    public async Task A_forged_or_borrowed_cursor_is_400()
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/v1/people?limit=1");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        var forgedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("[\"A\",\"1\"]")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        await (await client.GetAsync($"/v1/people?limit=1&cursor={forgedPayload}{cursor[dot..]}")).AssertValidationErrorAsync("cursor");
        await (await client.GetAsync($"/v1/people?limit=1&sort=-name&cursor={Uri.EscapeDataString(cursor)}")).AssertValidationErrorAsync("cursor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/people?limit=1&cursor={Uri.EscapeDataString(cursor)}")).StatusCode);
    }

    private async Task<long> CountPeopleAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM people");
    }
}
