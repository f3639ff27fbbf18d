using System.Text.Json;

namespace RecordsApi.Bench;

/// <summary>Follows nextCursor from the first page of a list and prints the cursor of page N, for the deep-page scenario.</summary>
internal static class DeepCursor
{
    public static async Task<int> FindAsync(Uri service, string path, int pages)
    {
        using var http = new HttpClient { BaseAddress = service };
        string? cursor = null;
        for (var page = 1; page < pages; page++)
        {
            var url = cursor is null ? $"{path}?limit=50" : $"{path}?limit=50&cursor={Uri.EscapeDataString(cursor)}";
            using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"GET {url} answered {(int)response.StatusCode}.");
                return 1;
            }

            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            if (body.RootElement.GetProperty("nextCursor").GetString() is not { } next)
            {
                await Console.Error.WriteLineAsync($"The list ends at page {page}, before page {pages}.");
                return 1;
            }

            cursor = next;
        }

        Console.WriteLine(cursor);
        return 0;
    }
}
