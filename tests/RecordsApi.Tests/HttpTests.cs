using System.IO.Compression;
using Microsoft.Extensions.Time.Testing;

namespace RecordsApi.Tests;

/// <summary>
/// HTTP as clients expect it of every resource: HEAD beside every GET, compressed answers when asked for,
/// validators (ETag, 304) on lists, histories and leaderboards, and absolute Location headers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HttpTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();
    private readonly HttpClient writer = api.CreateWriterClient();

    public static TheoryData<string> GetRoutes =>
    [
        "/v1/people?limit=3",
        "/v1/people/klim-shipenko",
        "/v1/people/klim-shipenko/flights",
        "/v1/people/klim-shipenko/history",
        "/v1/missions",
        "/v1/missions/soyuz-ms-19/crew",
        "/v1/records/first-human-in-space",
        "/v1/records/oldest-person-to-fly-in-space",
        "/v1/leaderboards",
        "/v1/leaderboards/most-flights?limit=5",
        "/v1/leaderboards/most-flights/progression",
        "/v1/changes?limit=2",
        "/health/live",
    ];

    /// <summary>Lists, histories and boards: the answers made from many resources, which the changes feed validates.</summary>
    public static TheoryData<string> FeedValidated =>
    [
        "/v1/people?limit=3",
        "/v1/missions?sort=-launchAt&limit=2",
        "/v1/records",
        "/v1/people/klim-shipenko/flights",
        "/v1/missions/vostok-1/history",
        "/v1/leaderboards/oldest-at-launch?limit=3",
        "/v1/leaderboards/longest-flight/progression?boundary=80km",
    ];

    [Theory]
    [MemberData(nameof(GetRoutes))]
    public async Task Head_answers_as_get_does_with_the_same_headers_and_no_body(string url)
    {
        var get = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Equal(Values(get, "Link"), Values(head, "Link"));
    }

    [Fact]
    public async Task Head_with_a_held_if_none_match_is_304_and_to_an_unknown_ref_404_all_without_a_body()
    {
        var etag = (await client.GetAsync("/v1/people/klim-shipenko")).ETag();
        var conditional = new HttpRequestMessage(HttpMethod.Head, "/v1/people/klim-shipenko");
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));

        var notModified = await client.SendAsync(conditional);
        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/people/nobody-at-all"));

        Assert.Equal((HttpStatusCode.NotModified, etag), (notModified.StatusCode, notModified.ETag()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_is_a_read_needing_no_key_and_post_routes_still_refuse_it()
    {
        var keys = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/keys"));
        var import = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/import"));

        // /v1/keys is an admin read (401 without a key, as for GET); /v1/import has no GET, so no HEAD.
        Assert.Equal(HttpStatusCode.Unauthorized, keys.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, import.StatusCode);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_compressed_page_is_smaller_than_half_the_uncompressed_one_and_the_same_json(string encoding)
    {
        const string url = "/v1/people?limit=200";
        var plain = await client.GetByteArrayAsync(url);

        var response = await GetAsync(url, encoding);

        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length * 2 < plain.Length, $"{encoding}: {compressed.Length} bytes of {plain.Length}");
        Assert.Equal(plain, Decompress(compressed, encoding));
    }

    [Fact]
    public async Task The_export_is_compressed_when_asked()
    {
        var plain = await client.GetByteArrayAsync("/v1/export");

        var response = await GetAsync("/v1/export", "gzip");

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length * 2 < plain.Length, $"{compressed.Length} bytes of {plain.Length}");
        // The export names its own time, so compare the lines after its first.
        Assert.Equal(Lines(plain)[1..], Lines(Decompress(compressed, "gzip"))[1..]);
    }

    [Fact]
    public async Task A_small_answer_goes_uncompressed_with_its_length_and_an_unasked_one_too()
    {
        var small = await GetAsync("/v1/people/klim-shipenko", "br, gzip");
        var unasked = await client.GetAsync("/v1/people?limit=200");

        Assert.Empty(small.Content.Headers.ContentEncoding);
        var body = await small.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, small.Content.Headers.ContentLength);
        Assert.Equal("klim-shipenko", JsonDocument.Parse(body).RootElement.GetProperty("slug").GetString());
        Assert.Empty(unasked.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_new_key_is_never_compressed_though_everything_else_is()
    {
        // Every answer compressed, however small: only the one holding a secret is not (BREACH).
        await using var service = api.WithSettings(("ResponseCompression:MinimumBytes", "0"));
        var admin = service.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", api.AdminKey);
        var create = new HttpRequestMessage(HttpMethod.Post, "/v1/keys") { Content = Json(new { name = UniqueSlug("breach") }) };
        create.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var read = new HttpRequestMessage(HttpMethod.Get, "/v1/people/klim-shipenko");
        read.Headers.AcceptEncoding.ParseAdd("br, gzip");

        var created = await admin.SendAsync(create);
        var compressed = await admin.SendAsync(read);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(created.Content.Headers.ContentEncoding);
        Assert.StartsWith("rk_", (await created.ReadJsonAsync()).GetProperty("key").GetString());
        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
    }

    [Theory]
    [MemberData(nameof(FeedValidated))]
    public async Task A_list_or_board_sends_an_etag_and_answers_304_while_nothing_changes(string url)
    {
        await client.AssertRevalidatesAsync(url);
    }

    [Fact]
    public async Task Each_url_has_an_etag_of_its_own()
    {
        string[] urls = ["/v1/people?limit=3", "/v1/people?limit=4", "/v1/missions?limit=3", "/v1/leaderboards/most-flights", "/v1/leaderboards/most-flights?boundary=80km"];
        var etags = new List<string>();
        foreach (var url in urls)
        {
            etags.Add((await client.GetAsync(url)).ETag());
        }

        Assert.Equal(urls.Length, etags.Distinct().Count());
        Assert.Equal(HttpStatusCode.OK, (await client.GetIfNoneMatchAsync(urls[1], etags[0])).StatusCode);
    }

    [Fact]
    public async Task Any_write_makes_the_next_poll_of_a_list_or_board_a_200_with_a_new_etag()
    {
        string[] urls = ["/v1/people?limit=3", "/v1/leaderboards/most-flights", "/v1/leaderboards/most-flights/progression", "/v1/records"];
        var before = new List<string>();
        foreach (var url in urls)
        {
            before.Add((await client.GetAsync(url)).ETag());
        }

        await writer.PostAsync("/v1/missions", Json(new { name = Unique("Validator Mission"), kind = "orbital" })).AssertStatusAsync(HttpStatusCode.Created);

        foreach (var (url, etag) in urls.Zip(before))
        {
            var poll = await client.GetIfNoneMatchAsync(url, etag);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            Assert.NotEqual(etag, poll.ETag());
        }
    }

    [Fact]
    public async Task A_boards_etag_changes_with_the_day_as_its_standings_may()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));
        await using var service = api.WithClock(clock);
        var reader = service.CreateClient();
        var today = (await reader.GetAsync("/v1/leaderboards/oldest-at-launch")).ETag();
        Assert.Equal(HttpStatusCode.NotModified, (await reader.GetIfNoneMatchAsync("/v1/leaderboards/oldest-at-launch", today)).StatusCode);

        clock.Advance(TimeSpan.FromDays(1));

        var tomorrow = await reader.GetIfNoneMatchAsync("/v1/leaderboards/oldest-at-launch", today);
        Assert.Equal(HttpStatusCode.OK, tomorrow.StatusCode);
        Assert.Equal("2026-06-16", (await tomorrow.ReadJsonAsync()).GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task A_problem_carries_no_validator()
    {
        var unknownBoard = await client.GetAsync("/v1/leaderboards/tallest");
        var badCursor = await client.GetAsync("/v1/people?cursor=not-a-cursor");
        var unknownHistory = await client.GetAsync("/v1/people/nobody-at-all/history");

        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.NotFound),
            (unknownBoard.StatusCode, badCursor.StatusCode, unknownHistory.StatusCode));
        Assert.All(new[] { unknownBoard, badCursor, unknownHistory }, response => Assert.Null(response.Headers.ETag));
    }

    [Fact]
    public async Task Location_is_absolute_like_link()
    {
        var created = await writer.PostAsync("/v1/people", Json(new { name = Unique("Absolute Location") })).AssertStatusAsync(HttpStatusCode.Created);
        var page = await client.GetAsync("/v1/people?limit=1");

        var location = created.Headers.Location!;
        Assert.True(location.IsAbsoluteUri, location.ToString());
        Assert.Equal(client.BaseAddress!.Authority, location.Authority);
        Assert.StartsWith("<" + client.BaseAddress.GetLeftPart(UriPartial.Authority) + "/v1/people?", Values(page, "Link"));
        Assert.Equal((await created.ReadJsonAsync()).ToString(), (await client.GetFromJsonAsync<JsonElement>(location)).ToString());
    }

    private Task<HttpResponseMessage> GetAsync(string url, string acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        return client.SendAsync(request);
    }

    private static string Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(", ", values) : "";

    private static string[] Lines(byte[] ndjson) => System.Text.Encoding.UTF8.GetString(ndjson).Split('\n');

    private static byte[] Decompress(byte[] compressed, string encoding)
    {
        using var input = new MemoryStream(compressed);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
