using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Missions;
using RecordsApi.Resources;

namespace RecordsApi.People;

public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder routes) =>
        routes.MapResource(
            PeopleStore.Writable,
            new(ListPeople, "List and search people",
                "Keyset-paged list of people. `q` searches names fuzzily in Latin or Cyrillic script, ignoring case and accents."),
            new("People who flew in space, or are on record in its history: names in Latin and native script, birth and death dates, nationality, occupations.",
                ExampleSlug: "yulia-peresild")
            {
                Delete = "A person something still refers to (such as a mission's crew) is a 409 naming it.",
            });

    public static Task<Results<Ok<Page<Person>>, ProblemHttpResult>> ListPeople(
        [AsParameters] PeopleQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        // A search is one call of search_people, which plans its statements for the words of each search
        // (07_people_search.sql); it runs on the searches' pool, so slow searches cannot take the lists' connections.
        var order = PeopleStore.Orders[query.Sort ?? "name"];
        var scope = string.Join('|', "people", order.Name, query.Q?.Trim(), query.Nationality?.ToUpperInvariant(), query.Occupation?.Trim().ToLowerInvariant());
        return pager.PageAsync(
            http, page, scope, databases.ForList(http, query.Q), (connection, after, take) => PeopleStore.ListAsync(connection, query, order, after, take, ct), row => row.ToPerson(), ct);
    }

    /// <summary>
    /// GET /people/{ref}/flights: each mission the person was aboard. Mapped on the API's root group after the
    /// missions (Program.cs), where the OpenAPI document has always listed it.
    /// </summary>
    public static RouteHandlerBuilder MapPersonFlights(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/people/{ref}/flights", GetPersonFlights)
            .WithTags("People")
            .Describe("GetPersonFlights", "The missions a person flew",
                "Each mission the person was aboard, in the order they boarded (a vehicle they only rode down counts from its landing), "
                + "with their role, legs and age at launch, all in one answer (never paged).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithFeedETag();

    public static async Task<Results<Ok<WholeList<Flight>>, ProblemHttpResult>> GetPersonFlights(
        [Description("The person's id or slug, such as william-shatner.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenForAsync(http, ct);
        if (await CrewStore.FindPersonIdAsync(connection, ResourceRef.Parse(@ref), ct) is not { } personId)
        {
            return ApiProblems.NotFound("person", @ref);
        }

        // A person's flights are few: they come whole.
        var flights = await CrewStore.FlightsAsync(connection, personId, ct);
        return TypedResults.Ok(new WholeList<Flight>([.. flights.Select(row => row.ToFlight())]));
    }
}
