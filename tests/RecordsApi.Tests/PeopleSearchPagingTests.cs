using System.Net;
using System.Text.Json;
using Dapper;
using RecordsApi.People;
using RecordsApi.Tests.Infrastructure;
using static RecordsApi.Tests.Infrastructure.HttpAssertions;

namespace RecordsApi.Tests;

/// <summary>
/// A search page is made in two steps (the next rows of the list tested directly, then the trigram
/// index for matches beyond them); these lists are longer than the first step, so pages must come
/// from both and still follow the list order exactly, in both directions, across cursors.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PeopleSearchPagingTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task Search_pages_follow_the_list_order_when_matches_lie_beyond_the_rows_tested_directly()
    {
        var (occupation, token, expected) = await SeedAsync();

        Assert.Equal(expected, await AllPagesAsync($"occupation={occupation}&q={token}&limit=3"));
    }

    [Fact]
    public async Task Search_pages_follow_the_descending_order_across_both_steps()
    {
        var (occupation, token, expected) = await SeedAsync();

        Assert.Equal(expected.AsEnumerable().Reverse(), await AllPagesAsync($"occupation={occupation}&q={token}&limit=3&sort=-name"));
    }

    [Fact]
    public async Task Search_finds_a_misspelling_beyond_the_rows_tested_directly()
    {
        var (occupation, token, _) = await SeedAsync();
        var misspelt = token[..^1];

        var names = await AllPagesAsync($"occupation={occupation}&q={misspelt}&limit=50");

        Assert.Equal(7, names.Count);
        Assert.All(names, name => Assert.Contains(token, name, StringComparison.Ordinal));
    }

    /// <summary>
    /// More fillers than the first step tests, with matches both before them (Aardvark) and after
    /// them (Zulu) in name order; returns the matching names in list order.
    /// </summary>
    private async Task<(string Occupation, string Token, List<string> Expected)> SeedAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var occupation = $"windowed-{id}";
        var token = "qz" + new string(id.Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        var matching = new[] { $"Aardvark A {token}", $"Aardvark B {token}" }
            .Concat(Enumerable.Range(1, 5).Select(n => $"Zulu {n} {token}"))
            .ToList();
        await using var connection = await api.Database.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO people (slug, name, occupations)
            SELECT 'filler-' || i || '-' || @occupation, 'Filler ' || lpad(i::text, 5, '0'), ARRAY[@occupation]
            FROM generate_series(1, @fillers) AS i
            """,
            new { occupation, fillers = PeopleStore.SearchWindow + 200 });
        await connection.ExecuteAsync(
            """
            INSERT INTO people (slug, name, occupations)
            SELECT 'match-' || n || '-' || @occupation, name, ARRAY[@occupation]
            FROM unnest(@matching::text[]) WITH ORDINALITY AS m(name, n)
            """,
            new { occupation, matching = matching.ToArray() });
        return (occupation, token, matching);
    }

    private async Task<List<string>> AllPagesAsync(string query)
    {
        var names = new List<string>();
        var url = $"/v1/people?{query}";
        while (true)
        {
            var response = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);
            var page = await response.ReadJsonAsync();
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!));
            if (page.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                return names;
            }

            url = $"/v1/people?{query}&cursor={Uri.EscapeDataString(cursor)}";
        }
    }
}
