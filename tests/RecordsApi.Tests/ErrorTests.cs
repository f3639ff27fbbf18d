namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class ErrorTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        var problem = await (await client.GetAsync("/v1/nothing-here")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("/v1/nothing-here", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_405_problem_naming_the_allowed_ones()
    {
        var response = await client.PatchAsync("/v1/people", HttpAssertions.Json("{}"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Root_redirects_to_swagger_and_the_document_is_served()
    {
        var root = await client.GetAsync("/");
        Assert.Equal("/swagger", root.Headers.Location?.ToString());
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(root.Headers.Location, head.Headers.Location);

        var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).ReadJsonAsync();
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/people", out _));
    }
}
