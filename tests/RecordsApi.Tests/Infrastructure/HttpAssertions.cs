namespace RecordsApi.Tests.Infrastructure;

/// <summary>Assertions on the HTTP contract shared by every resource's tests.</summary>
public static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem of the given kind (its status, type and title), and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, ProblemType kind)
    {
        var problem = await response.AssertProblemAsync((HttpStatusCode)kind.Status);
        Assert.Equal(kind.Uri, problem.GetProperty("type").GetString());
        return problem;
    }

    /// <summary>Asserts an RFC 9457 problem with the given status, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        foreach (var member in new[] { "type", "title", "detail", "instance", "traceId" })
        {
            Assert.True(problem.TryGetProperty(member, out var value) && value.GetString() is { Length: > 0 }, $"problem lacks {member}: {body}");
        }

        // Every problem names one of the documented kinds, with that kind's title.
        var kind = ProblemTypes.Find(problem.GetProperty("type").GetString());
        Assert.True(kind is not null, $"problem type is not one of docs/errors.md: {body}");
        Assert.Equal(kind.Title, problem.GetProperty("title").GetString());

        return problem;
    }

    /// <summary>
    /// Asserts a 503 problem with Retry-After that names the database as the cause, without its insides,
    /// and not the request timeout: the service noticed the database and answered, rather than running
    /// out of time. Tests of timeouts and outages assert this outcome, not how long the answer took.
    /// </summary>
    public static async Task<JsonElement> AssertDatabaseUnavailableAsync(this HttpResponseMessage response, string what)
    {
        var problem = await response.AssertProblemAsync(ProblemTypes.DatabaseUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{what} sent no Retry-After");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("database", detail);
        Assert.DoesNotContain("Exception", detail);
        Assert.False(detail.Contains("longer than", StringComparison.Ordinal), $"{what} was stopped by the request timeout: {detail}");
        return problem;
    }

    /// <summary>Asserts a 404 problem whose detail names what was not found.</summary>
    public static async Task AssertNotFoundNamingAsync(this HttpResponseMessage response, string what)
    {
        var problem = await response.AssertProblemAsync(ProblemTypes.NotFound);
        Assert.Contains(what, problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// GETs <paramref name="url"/>, then again with the ETag it sent: asserts the second is a 304 with the same
    /// ETag and no body. Returns the first answer.
    /// </summary>
    public static async Task<HttpResponseMessage> AssertRevalidatesAsync(this HttpClient client, string url)
    {
        var first = await client.GetAsync(url).AssertStatusAsync(HttpStatusCode.OK);
        var again = await client.GetIfNoneMatchAsync(url, first.ETag());
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(first.ETag(), again.ETag());
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        return first;
    }

    /// <summary>Asserts a 400 validation problem naming the field, and returns its messages.</summary>
    public static async Task<string[]> AssertValidationErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(ProblemTypes.Validation);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors member: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors do not name '{field}': {errors}");
        var texts = messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.NotEmpty(texts);
        return texts;
    }

    public static async Task<HttpResponseMessage> AssertStatusAsync(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        var response = await request;
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static JsonContent Json(object value) => JsonContent.Create(value);

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new Xunit.Sdk.XunitException("no ETag header");
}
