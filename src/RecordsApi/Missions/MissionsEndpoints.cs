using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

public static class MissionsEndpoints
{
    /// <summary>Missions and their crews.</summary>
    public static RouteGroupBuilder MapMissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/missions").WithTag("Missions",
            "Spaceflights: one vehicle's flight from launch to landing, with its crew, the role of each member and the legs they rode (up, down or both).");

        group.MapGet("/", ListMissions)
            .Describe("ListMissions", "List and search missions",
                "Keyset-paged list of missions, by launch time unless sorted otherwise. `q` searches name, vehicle and operator fuzzily; "
                + "`launchedFrom` and `launchedTo` are UTC dates, both included.");
        group.MapGet("/{ref}", GetMission)
            .Describe("GetMission", "Get a mission by id or slug",
                "Sends an ETag; with If-None-Match holding it, answers 304.")
            .ProducesConditionalRead();
        group.MapWrites(
            new(CreateMission, "Create a mission",
                "The slug is made from the name when not given. Answers 201 with Location, ETag and the mission."),
            new(ReplaceMission, "Replace a mission",
                "Needs If-Match with the mission's current ETag: missing is 428, stale is 412. The crew is kept; change it through /crew."),
            new(DeleteMission, "Delete a mission",
                "Soft delete: the mission leaves every list and GET answers 404; the history stays. Needs If-Match. "
                + "A mission that still has crew is a 409 naming them: remove them first."));
        group.MapHistory(MissionsStore.Kind)
            .WithDescription("Each create, update and delete of the mission, oldest first, with who made it and the full document after it. "
                + "Crew changes are updates of the mission: the document carries the crew (without ages, which are derived).");
        group.MapCrew();
        return group;
    }

    public static Task<Results<Ok<Page<Mission>>, ProblemHttpResult>> ListMissions(
        [AsParameters] MissionsQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        var order = MissionsStore.Orders[query.Sort ?? MissionsStore.DefaultOrder];
        var scope = string.Join('|', "missions", order.Name, query.Q?.Trim(), query.Operator?.Trim().ToLowerInvariant(), query.Kind, query.LaunchedFrom, query.LaunchedTo);
        return pager.PageAsync(
            http, page, scope, databases.ForList(query.Q), (connection, after, take) => MissionsStore.ListAsync(connection, query, order, after, take, ct), row => row.ToMission(), ct);
    }

    public static Task<Results<Ok<Mission>, StatusCodeHttpResult, ProblemHttpResult>> GetMission(
        [Description("The mission's id or slug, such as soyuz-ms-18.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ResourceReads.GetAsync(MissionsStore.Writable, @ref, http, db, async (connection, target) => (await MissionsStore.FindAsync(connection, target, ct: ct))?.ToMission(), ct);

    public static Task<Results<Created<Mission>, ProblemHttpResult>> CreateMission(
        MissionRequest mission, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ResourceWrites.CreateAsync(MissionsStore.Writable, mission, http, db, ct);

    public static Task<Results<Ok<Mission>, ProblemHttpResult>> ReplaceMission(
        [Description("The mission's id or slug.")] string @ref, MissionRequest mission, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ResourceWrites.ReplaceAsync(MissionsStore.Writable, @ref, mission, http, db, ct);

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteMission(
        [Description("The mission's id or slug.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ResourceWrites.DeleteAsync(MissionsStore.Kind, @ref, http, db, ct);
}
