using System.Globalization;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>
/// Requests generated from the contract, plausible and absurd mixed: whatever arrives, the service
/// answers 2xx or a 4xx problem, never a 5xx; and what it accepts it stores as it answered.
/// </summary>
[Collection(ApiCollection2.Name)]
public sealed class PropertyTests(ApiFixture api, ITestOutputHelper output)
{
    private const int Iterations = 250;

    private readonly HttpClient client = api.CreateWriterClient();

    private static readonly Gen<string?> Absent = Gen.Const((string?)null);

    /// <summary>Any JSON value, nested a little.</summary>
    private static Gen<string> AnyJson(int depth)
    {
        var scalars = new List<(int, IGen<string>)>
        {
            (3, Gen.String.Select(text => JsonSerializer.Serialize(text))),
            (2, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e400")),
            (1, Gen.Bool.Select(b => b ? "true" : "false")),
            (1, Gen.Const("null")),
            (1, Gen.DateOnly.Select(d => $"\"{d:yyyy-MM-dd}\"")),
        };
        if (depth > 0)
        {
            scalars.Add((1, AnyJson(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")));
            scalars.Add((1, Gen.Select(Gen.String[0, 8], AnyJson(depth - 1)).Array[0, 3]
                .Select(members => "{" + string.Join(",", members.Select(m => $"{JsonSerializer.Serialize(m.Item1)}:{m.Item2}")) + "}")));
        }

        return Gen.Frequency([.. scalars]);
    }

    private static readonly Gen<string> Dates = Gen.Frequency(
        [(9, Gen.DateOnly[new DateOnly(1800, 1, 1), new DateOnly(2020, 12, 31)]), (1, Gen.DateOnly[new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31)])])
        .Select(d => $"\"{d:yyyy-MM-dd}\"");

    private static readonly Gen<string> Letters = Gen.Char["abcdefghijklmnopqrstuvwxyz ABCXYZ-'.éüßЮлияПересильдШ"].Array[1, 60].Select(chars => new string(chars));

    /// <summary>A field: absent, a value of the kind the contract wants, or any JSON at all.</summary>
    private static Gen<string?> Field(Gen<string> plausible) =>
        Gen.Frequency<string?>([(4, Absent), (12, plausible.Select(v => (string?)v)), (1, AnyJson(2).Select(v => (string?)v))]);

    private static Gen<string> Quoted(Gen<string> text) => text.Select(t => JsonSerializer.Serialize(t));

    private static readonly Gen<string> PersonBody = Gen.Select(
        Gen.Frequency<string?>([(1, Absent), (20, Quoted(Letters).Select(v => (string?)v)), (1, AnyJson(2).Select(v => (string?)v))]),
        Gen.Frequency<string?>([(8, Absent), (1, Quoted(Gen.OneOf(Gen.Char["abcdefghij0123456789-"].Array[1, 30].Select(c => new string(c)), Gen.String)).Select(v => (string?)v))]),
        Field(Quoted(Letters)),
        Field(Dates),
        Field(Dates),
        Field(Quoted(Gen.Frequency([(8, Gen.OneOf("RU", "us", "KZ", "fr", "JP")), (1, Gen.OneOf("XX", "", "USA")), (1, Gen.String[0, 3])]))),
        Field(Quoted(Letters).Array[0, 4].Select(a => "[" + string.Join(",", a) + "]")),
        Field(Gen.OneOf(Gen.Int[0, 99999].Select(n => $"{{\"wikidata\":\"Q{n}\"}}"), AnyJson(1))),
        (name, slug, nativeName, birthDate, deathDate, nationality, occupations, externalIds) =>
        {
            var members = new (string Name, string? Value)[]
            {
                ("name", name), ("slug", slug), ("nativeName", nativeName), ("birthDate", birthDate), ("deathDate", deathDate),
                ("nationality", nationality), ("occupations", occupations), ("externalIds", externalIds),
            };
            return "{" + string.Join(",", members.Where(m => m.Value is not null).Select(m => $"\"{m.Name}\":{m.Value}")) + "}";
        });

    private static Gen<string> QueryValue(Gen<string> plausible) => Gen.OneOf(plausible, Gen.String[0, 20], Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> PeopleListQuery = Gen.Select(
        Gen.Frequency<string?>([(3, Absent), (2, QueryValue(Letters).Select(v => (string?)v))]),
        Gen.Frequency<string?>([(3, Absent), (2, QueryValue(Gen.OneOf("RU", "US", "us", "XX")).Select(v => (string?)v))]),
        Gen.Frequency<string?>([(3, Absent), (2, QueryValue(Gen.OneOf("name", "-name", "birthDate", "-birthDate", "height")).Select(v => (string?)v))]),
        Gen.Frequency<string?>([(3, Absent), (2, QueryValue(Gen.Int[-5, 300].Select(n => n.ToString(CultureInfo.InvariantCulture))).Select(v => (string?)v))]),
        Gen.Frequency<string?>([(4, Absent), (1, Gen.String[0, 60].Select(v => (string?)v))]),
        Gen.Frequency<string?>([(3, Absent), (1, QueryValue(Letters).Select(v => (string?)v))]),
        (q, nationality, sort, limit, cursor, occupation) => Url("/v1/people", ("q", q), ("nationality", nationality), ("sort", sort), ("limit", limit), ("cursor", cursor), ("occupation", occupation)));

    private static readonly Gen<string> ChangesQuery = Gen.Select(
        Gen.Frequency<string?>([(1, Absent), (3, QueryValue(Gen.Long[-5, long.MaxValue].Select(n => n.ToString(CultureInfo.InvariantCulture))).Select(v => (string?)v))]),
        Gen.Frequency<string?>([(1, Absent), (3, QueryValue(Gen.Int[-5, 1200].Select(n => n.ToString(CultureInfo.InvariantCulture))).Select(v => (string?)v))]),
        (since, limit) => Url("/v1/changes", ("since", since), ("limit", limit)));

    private static readonly Gen<string> PersonPath = Gen.OneOf(
        Gen.String[0, 40].Where(s => s.Length > 0 && !s.Contains('\0', StringComparison.Ordinal)),
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.OneOf("yulia-peresild", "klim-shipenko", "1"))
        .Select(reference => Gen.OneOf("", "/history").Select(suffix => $"/v1/people/{Uri.EscapeDataString(reference)}{suffix}"))
        .SelectMany(gen => gen);

    private static string Url(string path, params (string Name, string? Value)[] query)
    {
        var present = query.Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!.Replace("\0", "", StringComparison.Ordinal))}").ToList();
        return present.Count == 0 ? path : path + "?" + string.Join("&", present);
    }

    /// <summary>Never a 5xx; an error is always a problem.</summary>
    private static async Task<HttpResponseMessage> AssertHandledAsync(HttpResponseMessage response, string request)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{request} answered {status}: {body}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{request} answered {status} without a problem: {body}");
        }

        return response;
    }

    [Fact]
    public async Task Generated_person_bodies_never_cause_a_server_error_and_what_is_accepted_is_stored_as_answered()
    {
        var created = 0;
        await PersonBody.SampleAsync(async body =>
        {
            var response = await AssertHandledAsync(await client.PostAsync("/v1/people", HttpAssertions.Json(body)), $"POST /v1/people {body}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Interlocked.Increment(ref created);
                var answered = await response.Content.ReadAsStringAsync();
                var stored = await client.GetAsync(response.Headers.Location);
                Assert.Equal(answered, await stored.Content.ReadAsStringAsync());
            }
        }, writeLine: output.WriteLine, iter: Iterations, threads: 1);

        output.WriteLine($"{created} of {Iterations} generated people were valid and created.");
        Assert.InRange(created, 1, Iterations - 1);
    }

    [Fact]
    public async Task Generated_replacements_never_cause_a_server_error()
    {
        var target = await (await client.PostAsync("/v1/people", HttpAssertions.Json(new { name = Unique("Property Target") }))).ReadJsonAsync();
        var path = $"/v1/people/{target.GetProperty("id").GetInt64()}";
        await Gen.Select(PersonBody, Gen.OneOf("\"1\"", "*", "\"2\"", "W/\"1\"", "garbage")).SampleAsync(async (body, ifMatch) =>
        {
            // Each request reads the current ETag first half the time, so some replacements do apply.
            var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = HttpAssertions.Json(body) };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            await AssertHandledAsync(await client.SendAsync(request), $"PUT {path} If-Match {ifMatch} {body}");
        }, writeLine: output.WriteLine, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task Generated_queries_and_refs_never_cause_a_server_error()
    {
        await Gen.OneOf(PeopleListQuery, ChangesQuery, PersonPath).SampleAsync(async url =>
        {
            await AssertHandledAsync(await client.GetAsync(url), $"GET {url}");
        }, writeLine: output.WriteLine, iter: Iterations * 2, threads: 1);
    }

    [Fact]
    public async Task Generated_idempotency_keys_never_cause_a_server_error()
    {
        await Gen.Select(Gen.String[0, 300], Gen.Bool).SampleAsync(async (key, ascii) =>
        {
            var value = ascii ? new string([.. key.Select(c => (char)(' ' + (c % 95)))]) : new string([.. key.Where(c => c < 128)]);
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = HttpAssertions.Json(new { name = Unique("Keyed") }) };
            if (!request.Headers.TryAddWithoutValidation("Idempotency-Key", value))
            {
                return;
            }

            await AssertHandledAsync(await client.SendAsync(request), $"POST with Idempotency-Key {Encoding.UTF8.GetByteCount(value)} bytes");
        }, writeLine: output.WriteLine, iter: Iterations / 2, threads: 1);
    }
}
