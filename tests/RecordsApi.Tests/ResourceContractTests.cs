namespace RecordsApi.Tests;

/// <summary>
/// What every resource does the same way, tested once over all of them: slugs, soft deletes and history,
/// ETags, If-None-Match, If-Match and unknown refs. A new resource adds a row to <see cref="ByName"/>
/// and one to <see cref="SeededRows"/>.
/// </summary>
[Collection(ApiCollection2.Name)]
public sealed class ResourceContractTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();
    private readonly HttpClient writer = api.CreateWriterClient();

    /// <summary>
    /// A resource as these tests drive it: where it lives, a seeded row, a ref nothing has, the member
    /// holding its name, a valid body with a given name, and a body its validator refuses.
    /// </summary>
    private sealed record Resource(string Path, string Seeded, string Unknown, string NameField, Func<string, object> Body, object InvalidBody, string InvalidField)
    {
        /// <summary>A body that sets most members, so that what GET answers has something in each.</summary>
        public required Func<string, object> FullBody { get; init; }

        /// <summary>An optional text member, and its column.</summary>
        public required (string Member, string Column) Optional { get; init; }

        /// <summary>A merge patch whose result the validators refuse, and the members they name.</summary>
        public required (string Patch, string[] Fields) InvalidPatch { get; init; }

        /// <summary>Its table, named as its path is.</summary>
        public string Table => Path[(Path.LastIndexOf('/') + 1)..];

        public string Url(object reference) => $"{Path}/{reference}";

        public JsonObject BodyWithSlug(string name, string slug)
        {
            var body = JsonSerializer.SerializeToNode(Body(name))!.AsObject();
            body["slug"] = slug;
            return body;
        }
    }

    private static readonly Dictionary<string, Resource> ByName = new(StringComparer.Ordinal)
    {
        ["people"] = new("/v1/people", "klim-shipenko", "nobody-at-all", "name", name => new { name }, new { name = "" }, "name")
        {
            FullBody = name => new
            {
                name, nativeName = "Тест", birthDate = "1970-01-02", nationality = "RU", occupations = new[] { "pilot" },
                externalIds = new { wikidata = "Q7327" }, sources = new[] { "https://example.org/person" },
            },
            Optional = ("nativeName", "native_name"),
            InvalidPatch = ("""{"name": "", "nationality": "XX"}""", ["name", "nationality"]),
        },
        ["missions"] = new(
            "/v1/missions", "soyuz-ms-19", "apollo-99", "name", name => new { name, kind = "orbital" },
            new { name = "Backwards", kind = "orbital", launchAt = "2021-10-17T04:35:00Z", landingAt = "2021-04-09T07:42:00Z" }, "landingAt")
        {
            FullBody = name => new
            {
                name, @operator = "Roscosmos", vehicle = "Soyuz MS", kind = "orbital", apogeeKm = 420.5, launchAt = "2021-10-05T08:55:00Z",
                launchSite = "Baikonur", landingAt = "2021-10-17T04:35:44Z", landingSite = "Kazakhstan", destination = "ISS",
                summary = "A test flight.", externalIds = new { wikidata = "Q1", cospar = "2021-089A" }, sources = new[] { "https://example.org/mission" },
            },
            Optional = ("summary", "summary"),
            InvalidPatch = ("""{"name": "", "apogeeKm": -5}""", ["name", "apogeeKm"]),
        },
        ["records"] = new(
            "/v1/records", "first-human-in-space", "no-such-record", "title", title => new { title, category = "other" },
            new { title = "", category = "other" }, "title")
        {
            // A metric makes GET answer agreesWithData and computedLeader too.
            FullBody = title => new
            {
                title, category = "age", description = "A test record.", metric = "oldest-at-launch", sources = new[] { "https://example.org/record" },
            },
            Optional = ("description", "description"),
            InvalidPatch = ("""{"title": "", "category": "fastest"}""", ["title", "category"]),
        },
    };

    public static TheoryData<string> Resources => [.. ByName.Keys];

    /// <summary>Seeded rows to read; a record with a metric has an ETag of its own (version and data), one without a plain one.</summary>
    public static TheoryData<string, string> SeededRows => new()
    {
        { "people", "klim-shipenko" },
        { "missions", "vostok-1" },
        { "records", "first-human-in-space" },
        { "records", "oldest-person-to-fly-in-space" },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Post_twice_with_the_same_name_makes_distinct_slugs(string name)
    {
        var resource = ByName[name];
        var body = resource.Body(Unique("Twin"));

        var first = await (await writer.PostAsync(resource.Path, Json(body)).AssertStatusAsync(HttpStatusCode.Created)).ReadJsonAsync();
        var second = await (await writer.PostAsync(resource.Path, Json(body)).AssertStatusAsync(HttpStatusCode.Created)).ReadJsonAsync();

        Assert.Equal(first.GetProperty("slug").GetString() + "-2", second.GetProperty("slug").GetString());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Post_with_a_taken_slug_is_409_naming_it_and_stores_nothing(string name)
    {
        var resource = ByName[name];
        var thief = Unique("Slug Thief");

        var response = await writer.PostAsync(resource.Path, Json(resource.BodyWithSlug(thief, resource.Seeded)));

        var problem = await response.AssertProblemAsync(ProblemTypes.SlugTaken);
        Assert.Contains(resource.Seeded, problem.GetProperty("detail").GetString());
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>($"SELECT count(*) FROM {resource.Table} WHERE {resource.NameField} = @thief", new { thief }));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_to_a_taken_slug_is_409_slug_taken_and_keeps_the_slug(string name)
    {
        var resource = ByName[name];
        var (url, _, _) = await CreateAsync(resource, "Slug Patcher");
        var before = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);

        var taken = await writer.PatchAsync(url, $$"""{"slug": "{{resource.Seeded}}"}""", before.ETag());

        await taken.AssertProblemAsync(ProblemTypes.SlugTaken);
        Assert.Equal(before.ETag(), (await client.GetAsync(url)).ETag());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_can_change_the_slug_but_not_to_a_taken_one(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Slug Changer");
        var newSlug = UniqueSlug("renamed");

        await writer.PutIfMatchAsync(url, resource.BodyWithSlug(created, newSlug), "\"1\"").AssertStatusAsync(HttpStatusCode.OK);
        var taken = await writer.PutIfMatchAsync(url, resource.BodyWithSlug(created, resource.Seeded), "\"2\"");

        await taken.AssertProblemAsync(ProblemTypes.SlugTaken);
        Assert.Equal(newSlug, (await client.GetFromJsonAsync<JsonElement>(resource.Url(newSlug))).GetProperty("slug").GetString());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Delete_is_soft_hides_the_row_from_reads_and_search_and_keeps_its_history(string name)
    {
        var resource = ByName[name];
        var (url, created, id) = await CreateAsync(resource, "Deleted");

        var response = await writer.DeleteIfMatchAsync(url, "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await client.GetAsync(url)).AssertProblemAsync(ProblemTypes.NotFound);
        var search = await client.GetFromJsonAsync<JsonElement>($"{resource.Path}?q={Uri.EscapeDataString(created)}");
        Assert.DoesNotContain(search.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        var history = await client.GetFromJsonAsync<JsonElement>($"{url}/history");
        Assert.Equal(["create", "delete"], history.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("operation").GetString()));
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>($"SELECT count(*) FROM {resource.Table} WHERE id = @id AND deleted_at IS NOT NULL", new { id }));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Get_by_id_and_by_slug_answer_the_same_document_with_its_version_as_etag(string name)
    {
        var resource = ByName[name];

        var bySlug = await client.GetAsync(resource.Url(resource.Seeded)).AssertStatusAsync(HttpStatusCode.OK);
        var document = await bySlug.ReadJsonAsync();
        var byId = await client.GetAsync(resource.Url(document.GetProperty("id").GetInt64())).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(document.ToString(), (await byId.ReadJsonAsync()).ToString());
        Assert.Equal($"\"{document.GetProperty("version").GetInt32()}\"", bySlug.ETag());
        Assert.Equal(bySlug.ETag(), byId.ETag());
    }

    [Theory]
    [MemberData(nameof(SeededRows))]
    public async Task Get_with_a_matching_if_none_match_is_304_with_the_etag_and_no_body(string name, string slug)
    {
        await client.AssertRevalidatesAsync(ByName[name].Url(slug));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task An_unknown_ref_is_a_404_problem_naming_it_to_a_read_a_change_a_delete_and_the_history(string name)
    {
        var resource = ByName[name];
        var url = resource.Url(resource.Unknown);

        HttpResponseMessage[] responses =
        [
            await client.GetAsync(url),
            await writer.PutIfMatchAsync(url, resource.Body("Nobody"), "\"1\""),
            await writer.DeleteIfMatchAsync(url, "\"1\""),
            await client.GetAsync($"{url}/history"),
        ];

        foreach (var response in responses)
        {
            await response.AssertNotFoundNamingAsync(resource.Unknown);
        }
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_with_a_stale_if_match_is_412_naming_the_current_etag_and_changes_nothing(string name)
    {
        var resource = ByName[name];
        var (url, _, _) = await CreateAsync(resource, "Stale");
        await writer.PutIfMatchAsync(url, resource.Body("First Writer"), "\"1\"").AssertStatusAsync(HttpStatusCode.OK);

        var response = await writer.PutIfMatchAsync(url, resource.Body("Second Writer"), "\"1\"");

        var problem = await response.AssertProblemAsync(ProblemTypes.PreconditionFailed);
        Assert.Contains("\"2\"", problem.GetProperty("detail").GetString());
        await AssertStoredAsync(resource, url, "First Writer", 2);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task A_412_sends_the_current_etag_in_the_etag_header_and_that_etag_then_succeeds(string name)
    {
        var resource = ByName[name];
        var (url, _, _) = await CreateAsync(resource, "Header");
        await writer.PutIfMatchAsync(url, resource.Body("Moved On"), "\"1\"").AssertStatusAsync(HttpStatusCode.OK);
        var current = (await client.GetAsync(url)).ETag();

        var put = await writer.PutIfMatchAsync(url, resource.Body("Stale Put"), "\"1\"");
        var delete = await writer.DeleteIfMatchAsync(url, "\"1\"");

        await put.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await delete.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal((current, current), (put.ETag(), delete.ETag()));
        await writer.PutIfMatchAsync(url, resource.Body("Retried"), put.ETag()).AssertStatusAsync(HttpStatusCode.OK);
    }

    public static TheoryData<string, string> ForeignIfMatches => new()
    {
        { "people", "garbage" },
        { "people", "\"1-0000000000000000\"" },
        { "people", "\"01\"" },
        { "people", "\"\"" },
        { "missions", "\"1-0000000000000000\"" },
        { "missions", "1" },
        { "records", "garbage" },
        { "records", "\"1-0000000000000000\"" },
        { "records", "\"1 \"" },
    };

    [Theory]
    [MemberData(nameof(ForeignIfMatches))]
    public async Task An_if_match_that_is_not_the_whole_current_etag_is_412_to_a_put_and_a_delete(string name, string ifMatch)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Foreign Tag");

        await (await writer.PutIfMatchAsync(url, resource.Body("Should Not"), ifMatch)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await writer.DeleteIfMatchAsync(url, ifMatch)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_with_a_weak_etag_in_if_match_is_412_and_with_a_star_succeeds(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Weak");

        await (await writer.PutIfMatchAsync(url, resource.Body("Nope"), "W/\"1\"")).AssertProblemAsync(ProblemTypes.PreconditionFailed);
        await AssertStoredAsync(resource, url, created, 1);
        await writer.PutIfMatchAsync(url, resource.Body("Star"), "*").AssertStatusAsync(HttpStatusCode.OK);
        await AssertStoredAsync(resource, url, "Star", 2);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_without_if_match_is_428_and_changes_nothing(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Unconditional");

        var response = await writer.PutAsync(url, Json(resource.Body("Overwritten")));

        await response.AssertProblemAsync(ProblemTypes.PreconditionRequired);
        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_with_an_invalid_body_is_400_even_with_a_current_if_match(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Invalid Put");

        var response = await writer.PutIfMatchAsync(url, resource.InvalidBody, "\"1\"");

        await response.AssertValidationErrorAsync(resource.InvalidField);
        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Delete_without_if_match_is_428_and_with_a_stale_one_412_and_deletes_nothing(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Guarded");

        await (await writer.DeleteAsync(url)).AssertProblemAsync(ProblemTypes.PreconditionRequired);
        await (await writer.DeleteIfMatchAsync(url, "\"7\"")).AssertProblemAsync(ProblemTypes.PreconditionFailed);

        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_of_what_get_answered_with_one_member_changed_is_200_and_changes_only_that_member(string name)
    {
        var resource = ByName[name];
        var (url, _, _) = await CreateAsync(resource, "Round Trip", full: true);
        var read = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);
        var document = JsonNode.Parse(await read.Content.ReadAsStringAsync())!.AsObject();
        var renamed = Unique("Round Tripped");
        document[resource.NameField] = renamed;

        var response = await writer.PutIfMatchAsync(url, document, read.ETag()).AssertStatusAsync(HttpStatusCode.OK);

        var written = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(2, (int)written["version"]!);
        Assert.Equal(Comparable(document), Comparable(written));
        await AssertStoredAsync(resource, url, renamed, 2);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Put_with_unknown_members_is_one_400_naming_every_one_and_changes_nothing(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Unknown Members");
        var document = (await client.GetFromJsonAsync<JsonObject>(url))!;
        document["colour"] = "blue";
        document["shoeSize"] = 9;

        var response = await writer.PutIfMatchAsync(url, document, "\"1\"");

        await response.AssertValidationErrorAsync("colour");
        await response.AssertValidationErrorAsync("shoeSize");
        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_changes_the_members_it_holds_keeps_the_rest_and_writes_a_revision_like_put(string name)
    {
        var resource = ByName[name];
        var (url, _, _) = await CreateAsync(resource, "Patched", full: true);
        var before = (await client.GetFromJsonAsync<JsonObject>(url))!;
        var renamed = Unique("Patched Again");

        var response = await writer.PatchAsync(url, $$"""{"{{resource.NameField}}": "{{renamed}}", "id": 0, "version": 99, "createdAt": "x"}""", (await client.GetAsync(url)).ETag())
            .AssertStatusAsync(HttpStatusCode.OK);

        var after = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        before[resource.NameField] = renamed;
        Assert.Equal(Comparable(before), Comparable(after));
        Assert.Equal((before["id"]!.GetValue<long>(), 2), (after["id"]!.GetValue<long>(), after["version"]!.GetValue<int>()));
        var get = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(get.ETag(), response.ETag());
        await AssertStoredAsync(resource, url, renamed, 2);
        var history = await client.GetFromJsonAsync<JsonElement>($"{url}/history");
        var revisions = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["create", "update"], revisions.Select(r => r.GetProperty("operation").GetString()));
        Assert.Equal(renamed, revisions[1].GetProperty("data").GetProperty(resource.NameField).GetString());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_with_null_removes_an_optional_member_and_stores_null(string name)
    {
        var resource = ByName[name];
        var (url, created, id) = await CreateAsync(resource, "Nulled", full: true);
        var (member, column) = resource.Optional;
        Assert.NotNull((await client.GetFromJsonAsync<JsonObject>(url))![member]);

        var response = await writer.PatchAsync(url, $$"""{"{{member}}": null}""", (await client.GetAsync(url)).ETag()).AssertStatusAsync(HttpStatusCode.OK);

        var after = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, after.GetProperty(member).ValueKind);
        Assert.Equal(created, after.GetProperty(resource.NameField).GetString());
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string?>($"SELECT {column} FROM {resource.Table} WHERE id = @id", new { id }));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_that_changes_nothing_is_200_with_the_same_members_and_a_new_version_as_a_put_would_make(string name)
    {
        var resource = ByName[name];
        var (url, _, _) = await CreateAsync(resource, "Unchanged", full: true);
        var before = (await client.GetFromJsonAsync<JsonObject>(url))!;

        var response = await writer.PatchAsync(url, "{}", (await client.GetAsync(url)).ETag()).AssertStatusAsync(HttpStatusCode.OK);

        var after = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(Comparable(before), Comparable(after));
        Assert.Equal(2, (int)after["version"]!);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_needs_if_match_missing_is_428_stale_is_412_and_neither_changes_anything(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Guarded Patch");
        var patch = $$"""{"{{resource.NameField}}": "{{Unique("Never")}}"}""";

        await (await writer.PatchAsync(url, patch, ifMatch: null)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var stale = await writer.PatchAsync(url, patch, "\"7\"");

        var problem = await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("\"1\"", problem.GetProperty("detail").GetString());
        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_with_unknown_members_is_one_400_naming_every_one_even_before_if_match_is_checked(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Unknown Patch");

        var response = await writer.PatchAsync(url, """{"colour": "blue", "sizes": {"shoe": 9}}""", "\"9\"");

        await response.AssertValidationErrorAsync("colour");
        await response.AssertValidationErrorAsync("sizes");
        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_whose_result_is_invalid_is_one_400_naming_every_member_and_changes_nothing(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Invalid Patch");
        var (patch, fields) = resource.InvalidPatch;

        var response = await writer.PatchAsync(url, patch, "\"1\"");

        foreach (var field in fields)
        {
            await response.AssertValidationErrorAsync(field);
        }

        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_as_plain_json_is_415_saying_which_type_to_send(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Wrong Type Patch");

        var response = await writer.PatchAsync(url, $$"""{"{{resource.NameField}}": "Other"}""", "\"1\"", contentType: "application/json");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/merge-patch+json", problem.GetProperty("detail").GetString());
        Assert.Equal("application/merge-patch+json", response.Headers.GetValues("Accept-Patch").Single());
        await AssertStoredAsync(resource, url, created, 1);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_of_an_unknown_ref_is_404_naming_it(string name)
    {
        var resource = ByName[name];

        var response = await writer.PatchAsync(resource.Url(resource.Unknown), $$"""{"{{resource.NameField}}": "Nobody"}""", "\"1\"");

        await response.AssertNotFoundNamingAsync(resource.Unknown);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Patch_that_is_not_an_object_or_not_json_is_400(string name)
    {
        var resource = ByName[name];
        var (url, created, _) = await CreateAsync(resource, "Not Object Patch");

        foreach (var patch in new[] { "[]", "\"x\"", "null", "{", "" })
        {
            await (await writer.PatchAsync(url, patch, "\"1\"")).AssertValidationErrorAsync("body");
        }

        await AssertStoredAsync(resource, url, created, 1);
    }

    /// <summary>A representation without what every write changes: its version and when it was updated.</summary>
    private static string Comparable(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("version");
        copy.Remove("updatedAt");
        return copy.ToJsonString();
    }

    /// <summary>Creates a row with a unique name; answers its URL by id, its name and its id.</summary>
    private async Task<(string Url, string Name, long Id)> CreateAsync(Resource resource, string prefix, bool full = false)
    {
        var name = Unique(prefix);
        var body = full ? resource.FullBody(name) : resource.Body(name);
        var response = await writer.PostAsync(resource.Path, Json(body)).AssertStatusAsync(HttpStatusCode.Created);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
        return (resource.Url(id), name, id);
    }

    private async Task AssertStoredAsync(Resource resource, string url, string name, int version)
    {
        var stored = await client.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((name, version), (stored.GetProperty(resource.NameField).GetString(), stored.GetProperty("version").GetInt32()));
    }
}
