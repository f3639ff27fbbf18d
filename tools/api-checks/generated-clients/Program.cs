// Reads every GET endpoint of the live service through the two generated clients, Kiota's and NSwag's
// (System.Text.Json), and checks that what they read is what the service sent: enums (flight-engineer, 80km),
// nullable references (a record's current holding, a crew member's age), dates. Each call records the path
// template it read; at the end every GET of docs/openapi.json must have been read by both clients.
//   dotnet run -- <docs/openapi.json>   with RECORDSAPI_URL and RECORDSAPI_ADMIN_KEY set
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using K = GeneratedClients.Kiota.Models;
using N = GeneratedClients.NSwag;

var document = JsonNode.Parse(await File.ReadAllTextAsync(args[0]))!;
var baseUrl = Environment.GetEnvironmentVariable("RECORDSAPI_URL") ?? throw new InvalidOperationException("Set RECORDSAPI_URL.");
var adminKey = Environment.GetEnvironmentVariable("RECORDSAPI_ADMIN_KEY") ?? throw new InvalidOperationException("Set RECORDSAPI_ADMIN_KEY.");

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
var kiota = new GeneratedClients.Kiota.RecordsKiotaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });
var nswag = new N.RecordsNSwagClient(http) { BaseUrl = baseUrl };

var read = new HashSet<string>(StringComparer.Ordinal);
var failures = new List<string>();

async Task Read(string client, string template, Func<Task> call)
{
    try
    {
        await call();
        read.Add($"{client} GET {template}");
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        failures.Add($"{client} GET {template}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
    }
}

void Expect(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException(what);
    }
}

// ---- Health, export, changes, keys ----
await Read("kiota", "/health/live", async () => Expect((await kiota.Health.Live.GetAsync())?.Status is { Length: > 0 }, "no status"));
await Read("nswag", "/health/live", async () => Expect((await nswag.GetLivenessAsync()).Status is { Length: > 0 }, "no status"));
await Read("kiota", "/health/ready", async () => Expect((await kiota.Health.Ready.GetAsync())?.Status is { Length: > 0 }, "no status"));
await Read("nswag", "/health/ready", async () => Expect((await nswag.GetReadinessAsync()).Status is { Length: > 0 }, "no status"));
await Read("kiota", "/v1/export", async () =>
{
    await using var stream = await kiota.V1.Export.GetAsync();
    Expect(stream is not null && await new StreamReader(stream).ReadLineAsync() is { Length: > 0 }, "empty export");
});
await Read("nswag", "/v1/export", async () =>
{
    using var file = await nswag.ExportCatalogueAsync();
    Expect(await new StreamReader(file.Stream).ReadLineAsync() is { Length: > 0 }, "empty export");
});
await Read("kiota", "/v1/changes", async () => Expect((await kiota.V1.Changes.GetAsync(c => c.QueryParameters.Limit = 5))?.Items is { Count: > 0 }, "no changes"));
await Read("nswag", "/v1/changes", async () => Expect((await nswag.ListChangesAsync(limit: 5)).Items.Count > 0, "no changes"));

string? prefix = null;
await Read("kiota", "/v1/keys", async () => prefix = (await kiota.V1.Keys.GetAsync())?.Items?.FirstOrDefault()?.Prefix);
await Read("nswag", "/v1/keys", async () => prefix ??= (await nswag.ListApiKeysAsync(limit: 10)).Items.FirstOrDefault()?.Prefix);
if (prefix is not null)
{
    await Read("kiota", "/v1/keys/{prefix}", async () => Expect((await kiota.V1.Keys[prefix].GetAsync())?.Scope is not null, "no scope"));
    await Read("nswag", "/v1/keys/{prefix}", async () => Expect((await nswag.GetApiKeyAsync(prefix)).Prefix == prefix, "another key"));
}

// ---- Leaderboards: every metric, both boundaries, a past date ----
await Read("kiota", "/v1/leaderboards", async () => Expect((await kiota.V1.Leaderboards.GetAsync())?.Items?.All(m => m.Metric is not null) == true, "a metric did not read"));
await Read("nswag", "/v1/leaderboards", async () => Expect((await nswag.ListLeaderboardsAsync()).Items.Count == Enum.GetValues<N.MetricName>().Length, "not every metric"));
foreach (var metric in Enum.GetValues<N.MetricName>())
{
    foreach (var boundary in Enum.GetValues<N.Boundary>())
    {
        await Read("nswag", "/v1/leaderboards/{metric}", async () =>
        {
            var board = await nswag.GetLeaderboardAsync(metric, limit: 3, asOf: new DateTimeOffset(2021, 10, 17, 0, 0, 0, TimeSpan.Zero), boundary: boundary);
            Expect(board.Metric == metric && board.Boundary == boundary && board.AsOf.Date == new DateTime(2021, 10, 17) && board.Standings.Count > 0, $"{metric} {boundary} read wrong");
        });
        await Read("nswag", "/v1/leaderboards/{metric}/progression", async () =>
            Expect((await nswag.GetLeaderboardProgressionAsync(metric, boundary: boundary)).Progression.Count > 0, $"{metric} {boundary}: no progression"));
    }
}

foreach (var metric in new[] { "oldest-at-launch", "youngest-at-launch", "longest-flight", "most-flights", "most-time-in-space" })
{
    await Read("kiota", "/v1/leaderboards/{metric}", async () =>
    {
        var board = await kiota.V1.Leaderboards[metric].GetAsync(c =>
        {
            c.QueryParameters.Limit = 3;
            c.QueryParameters.AsOf = new Date(2021, 10, 17);
            c.QueryParameters.Boundary = K.Boundary.EightyKm;
        });
        Expect(board?.Metric is not null && board.Boundary == K.Boundary.EightyKm && board.AsOf.Equals(new Date(2021, 10, 17)) && board.Standings is { Count: > 0 }, $"{metric} read wrong");
    });
    await Read("kiota", "/v1/leaderboards/{metric}/progression", async () =>
        Expect((await kiota.V1.Leaderboards[metric].Progression.GetAsync())?.Progression is { Count: > 0 }, $"{metric}: no progression"));
}

// ---- Missions, their crews (flight-engineer) and history ----
await Read("kiota", "/v1/missions", async () =>
{
    var page = await kiota.V1.Missions.GetAsync(c =>
    {
        c.QueryParameters.Kind = K.MissionKind.Orbital;
        c.QueryParameters.LaunchedFrom = new Date(2021, 1, 1);
        c.QueryParameters.LaunchedTo = new Date(2021, 12, 31);
        c.QueryParameters.Sort = K.MissionsSort.LaunchAtDescending;
    });
    Expect(page?.Items is { Count: > 0 } items && items.All(m => m.Kind == K.MissionKind.Orbital && m.LaunchAt?.Year == 2021), "the filters did not apply");
});
await Read("nswag", "/v1/missions", async () =>
{
    var page = await nswag.ListMissionsAsync(kind: N.MissionKind.Suborbital, launchedFrom: new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), sort: N.MissionsSort.LaunchAtDescending);
    Expect(page.Items.Count > 0 && page.Items.All(m => m.Kind == N.MissionKind.Suborbital && m.LaunchAt?.Year >= 2021), "the filters did not apply");
});
await Read("kiota", "/v1/missions/{ref}", async () => Expect((await kiota.V1.Missions["soyuz-ms-18"].GetAsync())?.Slug == "soyuz-ms-18", "another mission"));
await Read("nswag", "/v1/missions/{ref}", async () => Expect((await nswag.GetMissionAsync("soyuz-ms-18")).Slug == "soyuz-ms-18", "another mission"));
await Read("kiota", "/v1/missions/{ref}/crew", async () =>
{
    var crew = (await kiota.V1.Missions["soyuz-ms-18"].Crew.GetAsync())?.Items ?? [];
    Expect(crew.Count(m => m.Role == K.CrewRole.FlightEngineer) == 2 && crew.All(m => m.Role is not null && m.AgeAtLaunch?.Years > 0), "roles or ages read wrong");
});
await Read("nswag", "/v1/missions/{ref}/crew", async () =>
{
    var crew = (await nswag.GetCrewAsync("soyuz-ms-18")).Items;
    Expect(crew.Count(m => m.Role == N.CrewRole.FlightEngineer) == 2 && crew.All(m => m.AgeAtLaunch?.Years > 0), "roles or ages read wrong");
});
await Read("kiota", "/v1/missions/{ref}/history", async () => Expect((await kiota.V1.Missions["soyuz-ms-18"].History.GetAsync())?.Items is { Count: > 0 }, "no history"));
await Read("nswag", "/v1/missions/{ref}/history", async () => Expect((await nswag.GetMissionHistoryAsync("soyuz-ms-18")).Items.Count > 0, "no history"));

// ---- People and their flights ----
await Read("kiota", "/v1/people", async () =>
    Expect((await kiota.V1.People.GetAsync(c => c.QueryParameters.Sort = K.PeopleSort.BirthDateDescending))?.Items is { Count: > 0 }, "no people"));
await Read("nswag", "/v1/people", async () => Expect((await nswag.ListPeopleAsync(q: "peresild", sort: N.PeopleSort.NameDescending)).Items.Count > 0, "no people"));
await Read("kiota", "/v1/people/{ref}", async () => Expect((await kiota.V1.People["yulia-peresild"].GetAsync())?.BirthDate?.Equals(new Date(1984, 9, 5)) == true, "the birth date read wrong"));
await Read("nswag", "/v1/people/{ref}", async () => Expect((await nswag.GetPersonAsync("yulia-peresild")).BirthDate?.Date == new DateTime(1984, 9, 5), "the birth date read wrong"));
await Read("kiota", "/v1/people/{ref}/history", async () => Expect((await kiota.V1.People["yulia-peresild"].History.GetAsync())?.Items is { Count: > 0 }, "no history"));
await Read("nswag", "/v1/people/{ref}/history", async () => Expect((await nswag.GetPersonHistoryAsync("yulia-peresild")).Items.Count > 0, "no history"));
await Read("kiota", "/v1/people/{ref}/flights", async () =>
    Expect((await kiota.V1.People["mark-vande-hei"].Flights.GetAsync())?.Items?.Any(f => f.Role == K.CrewRole.FlightEngineer) == true, "no flight as flight-engineer"));
await Read("nswag", "/v1/people/{ref}/flights", async () =>
    Expect((await nswag.GetPersonFlightsAsync("mark-vande-hei")).Items.Any(f => f.Role == N.CrewRole.FlightEngineer), "no flight as flight-engineer"));

// ---- Records, holdings (a nullable reference and typed category and metric) ----
const string Oldest = "oldest-person-to-fly-in-space";
long? holdingId = null;
await Read("kiota", "/v1/records", async () =>
    Expect((await kiota.V1.Records.GetAsync(c => c.QueryParameters.Category = K.RecordCategory.Age))?.Items?.All(r => r.Category == K.RecordCategory.Age) == true, "category read wrong"));
await Read("nswag", "/v1/records", async () =>
    Expect((await nswag.ListRecordsAsync(category: N.RecordCategory.First, limit: 200)).Items.All(r => r.Category == N.RecordCategory.First && r.Current is not null), "category or current read wrong"));
await Read("kiota", "/v1/records/{ref}", async () =>
{
    var record = await kiota.V1.Records[Oldest].GetAsync();
    Expect(record is { Category: K.RecordCategory.Age, Metric: K.MetricName.OldestAtLaunch, Current.People.Count: > 0 }, "record read wrong");
    holdingId = record!.Current!.Id;
});
await Read("nswag", "/v1/records/{ref}", async () =>
{
    var record = await nswag.GetRecordAsync(Oldest);
    Expect(record is { Category: N.RecordCategory.Age, Metric: N.MetricName.OldestAtLaunch, Current.People.Count: > 0 }, "record read wrong");
    holdingId ??= record.Current!.Id;
});
await Read("kiota", "/v1/records/{ref}/history", async () => Expect((await kiota.V1.Records[Oldest].History.GetAsync())?.Items is { Count: > 0 }, "no history"));
await Read("nswag", "/v1/records/{ref}/history", async () => Expect((await nswag.GetRecordHistoryAsync(Oldest)).Items.Count > 0, "no history"));
if (holdingId is { } id)
{
    await Read("kiota", "/v1/records/{ref}/holdings/{holdingId}", async () => Expect((await kiota.V1.Records[Oldest].Holdings[id].GetAsync())?.Id == id, "another holding"));
    await Read("nswag", "/v1/records/{ref}/holdings/{holdingId}", async () => Expect((await nswag.GetHoldingAsync(Oldest, id)).Id == id, "another holding"));
}

// ---- A problem reads as a typed error that says what went wrong ----
try
{
    await kiota.V1.People["no-such-person-here"].GetAsync();
    failures.Add("kiota: a missing person did not throw");
}
catch (K.ProblemDetails problem)
{
    if (problem.Status != 404 || problem.Message != problem.Detail || string.IsNullOrEmpty(problem.Detail))
    {
        failures.Add($"kiota: a 404's exception reads \"{problem.Message}\", not the problem's detail \"{problem.Detail}\"");
    }
}

try
{
    await nswag.GetPersonAsync("no-such-person-here");
    failures.Add("nswag: a missing person did not throw");
}
catch (N.ApiException<N.ProblemDetails> problem)
{
    if (problem.StatusCode != 404 || string.IsNullOrEmpty(problem.Result.Detail))
    {
        failures.Add($"nswag: a 404 read as {problem.StatusCode} without its detail");
    }
}

// ---- Every GET of the document, by both clients ----
var gets = document["paths"]!.AsObject().Where(path => path.Value!["get"] is not null).Select(path => path.Key).ToList();
foreach (var client in new[] { "kiota", "nswag" })
{
    failures.AddRange(gets.Where(path => !read.Contains($"{client} GET {path}")).Select(path => $"{client} GET {path}: not read (add it here)"));
}

foreach (var failure in failures.Distinct())
{
    Console.WriteLine($"FAIL {failure}");
}

Console.WriteLine($"generated clients: {read.Count} reads of {gets.Count} GET endpoints passed, {failures.Distinct().Count()} failed");
return failures.Count == 0 ? 0 : 1;
