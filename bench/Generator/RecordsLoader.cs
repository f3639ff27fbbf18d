using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace RecordsApi.Bench;

/// <summary>
/// Loads records and their holdings through the public API (POST /v1/records and
/// /v1/records/{id}/holdings), so the records' own rules and derived rows apply exactly as in use.
/// Skips, with a message, where the records resource does not exist yet.
/// </summary>
internal sealed class RecordsLoader(NpgsqlConnection connection, Uri service, string? apiKey, int count, int seed)
{
    private const string TitlePrefix = "Bench record";
    private static readonly string[] Categories = ["first", "age", "duration", "count", "other"];

    public async Task<int> RunAsync()
    {
        if (await ScalarAsync("SELECT to_regclass('public.records')::text") is null or DBNull)
        {
            Console.WriteLine("records: no records table in this database (the records resource is not merged yet); skipped.");
            return 0;
        }

        var existing = Convert.ToInt64(await ScalarAsync($"SELECT count(*) FROM records WHERE title LIKE '{TitlePrefix} %'"), System.Globalization.CultureInfo.InvariantCulture);
        if (existing >= count)
        {
            Console.WriteLine($"records: {existing} bench records already loaded; nothing to do.");
            return 0;
        }

        var flights = await SampleFlightsAsync(count * 4);
        if (flights.Count == 0)
        {
            Console.WriteLine("records: no crewed flights in this database to hold records; skipped.");
            return 0;
        }

        using var http = new HttpClient { BaseAddress = service };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        var random = new Random(seed);
        // Holdings of one record follow each other in time: consecutive flights of the sample, oldest first.
        var plans = Enumerable.Range((int)existing + 1, count - (int)existing)
            .Select(n => (N: n, Holdings: 1 + random.Next(5), Offset: random.Next(Math.Max(1, flights.Count - 5))))
            .ToList();
        var failures = 0;
        string? firstFailure = null;
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (plan, ct) =>
        {
            if (Volatile.Read(ref failures) > 0)
            {
                return;
            }

            var problem = await CreateRecordAsync(http, plan.N, plan.Holdings, plan.Offset, flights, ct);
            if (problem is not null && Interlocked.Increment(ref failures) == 1)
            {
                firstFailure = problem;
            }
        });

        if (failures > 0)
        {
            Console.WriteLine($"records: the API refused a record, so records were not loaded: {firstFailure}");
            return 0;
        }

        Console.WriteLine($"records: loaded {plans.Count} records with holdings through the API.");
        return 0;
    }

    private static async Task<string?> CreateRecordAsync(HttpClient http, int n, int holdings, int offset, List<Flight> flights, CancellationToken ct)
    {
        var category = Categories[n % Categories.Length];
        // A metric only where its category fits (age, duration, count), on every second such record.
        var metric = (n / Categories.Length % 2, category) switch
        {
            (0, "age") => n % 4 < 2 ? "oldest-at-launch" : "youngest-at-launch",
            (0, "duration") => "longest-flight",
            (0, "count") => "most-flights",
            _ => null,
        };
        if (category == "first")
        {
            // A "first" has exactly one holding.
            holdings = 1;
        }

        using var created = await http.PostAsJsonAsync(new Uri("/v1/records", UriKind.Relative), new
        {
            title = $"{TitlePrefix} {n}: {category} of its kind",
            category,
            description = $"A generated {category} record for the benchmark, number {n}.",
            metric,
            sources = new[] { $"https://example.org/records/{n}" },
        }, ct);
        if (created.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            return $"POST /v1/records answered {(int)created.StatusCode}: no records endpoint.";
        }

        if (!created.IsSuccessStatusCode)
        {
            return $"POST /v1/records answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}";
        }

        using var body = await JsonDocument.ParseAsync(await created.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var id = body.RootElement.GetProperty("id").GetInt64();
        for (var h = 0; h < holdings; h++)
        {
            var flight = flights[(offset + h) % flights.Count];
            using var holding = await http.PostAsJsonAsync(new Uri($"/v1/records/{id}/holdings", UriKind.Relative), new
            {
                achievedOn = flight.LaunchDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                mission = flight.MissionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                people = new[] { flight.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                notes = $"Holding {h + 1} of bench record {n}.",
                sources = new[] { $"https://example.org/records/{n}/holdings/{h + 1}" },
            }, ct);
            if (!holding.IsSuccessStatusCode)
            {
                return $"POST /v1/records/{id}/holdings answered {(int)holding.StatusCode}: {await holding.Content.ReadAsStringAsync(ct)}";
            }
        }

        return null;
    }

    private sealed record Flight(long MissionId, long PersonId, DateOnly LaunchDate);

    private async Task<List<Flight>> SampleFlightsAsync(int size)
    {
        var flights = new List<Flight>(size);
        await using var command = new NpgsqlCommand(
            """
            SELECT c.mission_id, c.person_id, m.launch_at::date
            FROM crew_members c TABLESAMPLE SYSTEM (5) JOIN missions m ON m.id = c.mission_id
            WHERE m.launch_at IS NOT NULL AND m.deleted_at IS NULL
            ORDER BY m.launch_at LIMIT $1
            """, connection);
        command.Parameters.Add(new() { Value = size });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            flights.Add(new Flight(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2)));
        }

        return flights;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
