namespace RecordsApi.Tests.Infrastructure;

/// <summary>Reading a paged list to its end the way a client does: by the Link each page gives.</summary>
public static class PagedLists
{
    /// <summary>
    /// Every page from <paramref name="url"/> on. Asserts what each page promises: a Link rel="next" that
    /// carries its nextCursor, and on the last page neither.
    /// </summary>
    public static async Task<List<JsonElement>> AllPagesAsync(this HttpClient client, string url)
    {
        var pages = new List<JsonElement>();
        while (true)
        {
            var response = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);
            var page = await response.ReadJsonAsync();
            pages.Add(page);
            if (page.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                Assert.False(response.Headers.Contains("Link"), $"{url}: the last page has a Link");
                return pages;
            }

            var link = Assert.Single(response.Headers.GetValues("Link"));
            Assert.EndsWith("rel=\"next\"", link);
            Assert.Contains(Uri.EscapeDataString(cursor), link);
            url = link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
        }
    }

    /// <summary>The items of every page, in order.</summary>
    public static IEnumerable<JsonElement> Items(this IEnumerable<JsonElement> pages) =>
        pages.SelectMany(page => page.GetProperty("items").EnumerateArray());

    /// <summary>One string member of every item, in order.</summary>
    public static List<string> Strings(this IEnumerable<JsonElement> pages, string member) =>
        [.. pages.Items().Select(item => item.GetProperty(member).GetString()!)];
}
