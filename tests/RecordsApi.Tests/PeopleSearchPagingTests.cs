using RecordsApi.People;

namespace RecordsApi.Tests;

/// <summary>
/// A search merges, for each word the longest query word matches, the people having that word in list
/// order (person_words), and tests the other words and the filters on them; a lead word that matches
/// very many words walks the list instead. These lists are built so that the filters reject most of
/// the people read, across several words, and pages must still follow the list order exactly, in
/// every order, across cursors, on both paths.
/// </summary>
[Collection(ApiCollection2.Name)]
public sealed class PeopleSearchPagingTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();
    private readonly HttpClient writer = api.CreateWriterClient();

    /// <summary>Many more people with the word but another occupation than the page holds.</summary>
    private const int Rejected = 1344;

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("birthDate")]
    [InlineData("-birthDate")]
    public async Task Search_pages_follow_the_list_order_when_the_filters_reject_most_people_with_the_word(string sort)
    {
        var seed = await SeedAsync();

        var found = await AllPagesAsync($"occupation={seed.Occupation}&q={seed.Token}&limit=3&sort={sort}");

        // The same people, listed without q, in the list's own order: search only filters.
        Assert.Equal(await AllPagesAsync($"occupation={seed.Occupation}&limit=200&sort={sort}"), found);
        Assert.Equal(seed.Matching.Count, found.Count);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-birthDate")]
    public async Task A_lead_word_matching_very_many_words_walks_the_list_in_the_same_order(string sort)
    {
        var seed = await SeedAsync();
        var prefix = "qy" + seed.Token[2..];
        var occupation = seed.Occupation + "-many";
        await using (var connection = await api.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO people (slug, name, birth_date, occupations)
                SELECT 'many-' || i || '-' || @prefix, 'Many ' || @prefix || i, date '1960-01-01' + i, ARRAY[@occupation]
                FROM generate_series(1, @count) AS i
                """,
                new { prefix, occupation, count = PeopleStore.MaxMergedWords + 20 });
        }

        var found = await AllPagesAsync($"occupation={occupation}&q={prefix}&limit=7&sort={sort}");

        Assert.Equal(PeopleStore.MaxMergedWords + 20, found.Count);
        Assert.Equal(await AllPagesAsync($"occupation={occupation}&limit=200&sort={sort}"), found);
    }

    [Fact]
    public async Task Search_finds_a_fragment_and_a_misspelling_of_a_word_among_many_people_with_it()
    {
        var seed = await SeedAsync();
        var fragment = seed.Token[1..^1];
        var misspelt = seed.Token[..^1] + 'x';

        Assert.Equal(seed.Matching, await AllPagesAsync($"occupation={seed.Occupation}&q={fragment}&limit=50"));
        Assert.Equal(seed.Matching, await AllPagesAsync($"occupation={seed.Occupation}&q={misspelt}&limit=50"));
    }

    [Fact]
    public async Task Every_word_of_q_must_match_a_word_of_the_name_in_any_order()
    {
        var seed = await SeedAsync();
        var zulus = seed.Matching.Where(n => n.StartsWith("Zulu", StringComparison.Ordinal)).ToList();

        Assert.Equal(zulus, await AllPagesAsync($"q={Uri.EscapeDataString($"zul {seed.Token}")}&limit=2"));
        Assert.Equal(zulus, await AllPagesAsync($"q={Uri.EscapeDataString($"{seed.Token} ZULU")}&limit=2"));
        // A word of one or two letters matches the start of a word: "z" finds Zulu, not Aardvark.
        Assert.Equal(zulus, await AllPagesAsync($"q={Uri.EscapeDataString($"{seed.Token} z")}&limit=2"));
        Assert.Empty(await AllPagesAsync($"q={Uri.EscapeDataString($"{seed.Token} nobodyhasthisword")}"));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-birthDate")]
    public async Task A_misspelt_word_must_be_like_one_word_of_the_name_not_two_run_together(string sort)
    {
        // In the name order the other words of q are tested on all the words of a person at once, where
        // "jameswalk" is like "james walk" (strict word similarity 0.62); it is like neither word alone
        // (0.45, 0.25). The birth-date orders test each word on its own.
        var lead = "quetzal" + new string(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        var name = $"{char.ToUpperInvariant(lead[0])}{lead[1..]} James Walk";
        await writer.PostAsync("/v1/people", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Equal([name], await AllPagesAsync($"q={Uri.EscapeDataString($"{lead} jamess")}&sort={sort}"));
        Assert.Equal([name], await AllPagesAsync($"q={Uri.EscapeDataString($"{lead} ames walk")}&sort={sort}"));
        Assert.Empty(await AllPagesAsync($"q={Uri.EscapeDataString($"{lead} jameswalk")}&sort={sort}"));
    }

    [Fact]
    public async Task A_renamed_person_is_found_by_the_new_name_only_and_a_deleted_one_not_at_all()
    {
        var seed = await SeedAsync();
        var renamedTo = "Qx" + seed.Token[2..] + "renamed";
        var person = await (await writer.PostAsync("/v1/people", Json(new { name = $"Original {seed.Token}" }))
            .AssertStatusAsync(HttpStatusCode.Created)).ReadJsonAsync();
        var id = person.GetProperty("id").GetInt64();

        await writer.PutIfMatchAsync($"/v1/people/{id}", new { name = $"Kept {renamedTo}" }, "\"1\"").AssertStatusAsync(HttpStatusCode.OK);

        Assert.DoesNotContain($"Original {seed.Token}", await AllPagesAsync($"q={seed.Token}&limit=200"));
        Assert.Equal([$"Kept {renamedTo}"], await AllPagesAsync($"q={renamedTo}"));

        await writer.DeleteIfMatchAsync($"/v1/people/{id}", "\"2\"").AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.Empty(await AllPagesAsync($"q={renamedTo}"));
    }

    [Fact]
    public async Task A_query_of_punctuation_only_has_no_words_and_finds_nobody()
    {
        var page = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/people?q=%2D%2D%25");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    private sealed record Seed(string Occupation, string Token, List<string> Matching);

    /// <summary>
    /// People sharing a word no one else has, in three spellings (the word alone, and with "a" or "b"
    /// after it, so a search for the word reads three ranges at once): a few of one occupation, spread
    /// before, among and after many more of another occupation in every order (names and birth dates
    /// interleaved, some with no birth date). Returns the matching names in name order.
    /// </summary>
    private async Task<Seed> SeedAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var occupation = $"windowed-{id}";
        var token = "qz" + new string(id.Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        var matching = new[]
            {
                $"Aardvark A {token}", $"Aardvark B {token}",
                $"Filler {Rejected / 4:D5} Match {token}a", $"Filler {Rejected * 3 / 4:D5} Match {token}b",
            }
            .Concat(Enumerable.Range(1, 5).Select(n => $"Zulu {n} {token}"))
            .ToList();
        await using var connection = await api.Database.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO people (slug, name, birth_date, occupations)
            SELECT 'rejected-' || i || '-' || @token,
                   'Filler ' || lpad(i::text, 5, '0') || ' ' || @token || CASE WHEN i <= @rejected / 2 THEN 'a' ELSE 'b' END,
                   CASE WHEN i % 10 = 0 THEN NULL ELSE date '1950-01-01' + (i * 7) END, ARRAY['rejected']
            FROM generate_series(1, @rejected) AS i
            """,
            new { token, rejected = Rejected });
        await connection.ExecuteAsync(
            """
            INSERT INTO people (slug, name, birth_date, occupations)
            SELECT 'match-' || n || '-' || @token, name,
                   CASE n WHEN 1 THEN date '1949-06-01' WHEN 2 THEN NULL
                          WHEN 3 THEN date '1950-01-01' + (@rejected / 4 * 7 + 3) WHEN 4 THEN date '1950-01-01' + (@rejected * 3 / 4 * 7 + 3)
                          ELSE date '2020-01-01' + n::int END,
                   ARRAY[@occupation]
            FROM unnest(@matching::text[]) WITH ORDINALITY AS m(name, n)
            """,
            new { token, occupation, matching = matching.ToArray(), rejected = Rejected });
        return new Seed(occupation, token, matching);
    }

    private async Task<List<string>> AllPagesAsync(string query) => (await client.AllPagesAsync($"/v1/people?{query}")).Strings("name");
}
