using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

public static class MissionsEndpoints
{
    /// <summary>Missions and their crews.</summary>
    public static RouteGroupBuilder MapMissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapResource(
            MissionsStore.Writable,
            new(ListMissions, "List and search missions",
                "Keyset-paged list of missions, by launch time unless sorted otherwise. `q` searches name, vehicle and operator fuzzily; "
                + "`launchedFrom` and `launchedTo` are UTC dates, both included."),
            new("Spaceflights: one vehicle's flight from launch to landing, with its crew, the role of each member and the legs they rode (up, down or both).",
                ExampleSlug: "soyuz-ms-18")
            {
                Replace = "The crew is kept; change it through /crew.",
                Delete = "A mission that still has crew is a 409 naming them: remove them first.",
                History = "Each create, update and delete of the mission, oldest first, with who made it and the full document after it. "
                    + "Crew changes are updates of the mission: the document carries the crew (without ages, which are derived).",
            });
        group.MapCrew();
        return group;
    }

    public static Task<Results<Ok<Page<Mission>>, ProblemHttpResult>> ListMissions(
        [AsParameters] MissionsQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        var order = MissionsStore.Orders[query.Sort ?? MissionsStore.DefaultOrder];
        var scope = string.Join('|', "missions", order.Name, query.Q?.Trim(), query.Operator?.Trim().ToLowerInvariant(), query.Kind, query.LaunchedFrom, query.LaunchedTo);
        return pager.PageAsync(
            http, page, scope, databases.ForList(http, query.Q), (connection, after, take) => MissionsStore.ListAsync(connection, query, order, after, take, ct), row => row.ToMission(), ct);
    }
}
