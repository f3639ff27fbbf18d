namespace RecordsApi.Tests;

/// <summary>
/// Every list, feed and board refuses a query parameter it does not take, or a value it cannot use, with a
/// 400 naming that parameter: one theory over every endpoint with query parameters.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryParameterTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    public static TheoryData<string, string> BadQueries => new()
    {
        // people
        { "/v1/people?limit=0", "limit" },
        { "/v1/people?limit=201", "limit" },
        { "/v1/people?limit=-5", "limit" },
        { "/v1/people?limit=ten", "limit" },
        { "/v1/people?sort=age", "sort" },
        { "/v1/people?sort=-nationality", "sort" },
        { "/v1/people?nationality=ZZ", "nationality" },
        { "/v1/people?colour=red", "colour" },
        { "/v1/people?q=", "q" },
        { "/v1/people?cursor=garbage", "cursor" },
        // missions
        { "/v1/missions?limit=0", "limit" },
        { "/v1/missions?limit=201", "limit" },
        { "/v1/missions?sort=-name", "sort" },
        { "/v1/missions?sort=launch", "sort" },
        { "/v1/missions?sort=birthDate", "sort" },
        { "/v1/missions?kind=lunar", "kind" },
        { "/v1/missions?kind=Orbital", "kind" },
        { "/v1/missions?kind=0", "kind" },
        { "/v1/missions?launchedFrom=10/05/2021", "launchedFrom" },
        { "/v1/missions?launchedFrom=2021-02-30", "launchedFrom" },
        { "/v1/missions?launchedTo=2021-10-05T00:00:00Z", "launchedTo" },
        { "/v1/missions?launchedFrom=2021-10-06&launchedTo=2021-10-05", "launchedTo" },
        { "/v1/missions?operator=", "operator" },
        { "/v1/missions?q=", "q" },
        { "/v1/missions?nationality=RU", "nationality" },
        { "/v1/missions?cursor=garbage", "cursor" },
        // records
        { "/v1/records?category=fastest", "category" },
        { "/v1/records?q=", "q" },
        { "/v1/records?limit=0", "limit" },
        { "/v1/records?cursor=forged", "cursor" },
        { "/v1/records?metric=oldest-at-launch", "metric" },
        // leaderboards
        { "/v1/leaderboards/oldest-at-launch?boundary=100km", "boundary" },
        { "/v1/leaderboards/oldest-at-launch?boundary=KARMAN", "boundary" },
        { "/v1/leaderboards/oldest-at-launch/progression?boundary=50km", "boundary" },
        { "/v1/leaderboards/oldest-at-launch?asOf=2021-13-01", "asOf" },
        { "/v1/leaderboards/oldest-at-launch?asOf=2021-02-30", "asOf" },
        { "/v1/leaderboards/oldest-at-launch?asOf=10/01/2021", "asOf" },
        { "/v1/leaderboards/oldest-at-launch?asOf=2021-10-1", "asOf" },
        { "/v1/leaderboards/oldest-at-launch?asOf=yesterday", "asOf" },
        { "/v1/leaderboards/oldest-at-launch?asOf=2021-10-01T00:00:00Z", "asOf" },
        { "/v1/leaderboards/oldest-at-launch?limit=0", "limit" },
        { "/v1/leaderboards/oldest-at-launch?limit=201", "limit" },
        { "/v1/leaderboards/oldest-at-launch?limit=ten", "limit" },
        { "/v1/leaderboards/oldest-at-launch?sort=name", "sort" },
        { "/v1/leaderboards/oldest-at-launch/progression?asOf=2021-02-30", "asOf" },
        { "/v1/leaderboards/oldest-at-launch/progression?asOf=2021-10-01T00:00:00Z", "asOf" },
        { "/v1/leaderboards/oldest-at-launch/progression?asOf=", "asOf" },
        { "/v1/leaderboards/oldest-at-launch/progression?limit=5", "limit" },
        { "/v1/leaderboards/oldest-at-launch/progression?metric=most-flights", "metric" },
        { "/v1/leaderboards/oldest-at-launch?metric=most-flights", "metric" },
        // changes
        { "/v1/changes?since=-1", "since" },
        { "/v1/changes?since=abc", "since" },
        { "/v1/changes?since=99999999999999999999", "since" },
        { "/v1/changes?limit=0", "limit" },
        { "/v1/changes?limit=1001", "limit" },
        { "/v1/changes?limit=-5", "limit" },
        { "/v1/changes?cursor=abc", "cursor" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_parameter_is_400_naming_it(string url, string field)
    {
        await (await client.GetAsync(url)).AssertValidationErrorAsync(field);
    }
}
