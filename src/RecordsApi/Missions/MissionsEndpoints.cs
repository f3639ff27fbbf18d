using RecordsApi.Infrastructure.Docs;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecordsApi.Infrastructure;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Revisions;

namespace RecordsApi.Missions;

public static class MissionsEndpoints
{
    /// <summary>Missions, their crews, and each person's flights (/people/{ref}/flights, which is crew data).</summary>
    public static RouteGroupBuilder MapMissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/missions").WithTag("Missions",
            "Spaceflights: one vehicle's flight from launch to landing, with its crew, the role of each member and the legs they rode (up, down or both).");

        group.MapGet("/", ListMissions)
            .WithName("ListMissions")
            .WithSummary("List and search missions")
            .WithDescription("Keyset-paged list of missions, by launch time unless sorted otherwise. `q` searches name, vehicle and operator fuzzily; "
                + "`launchedFrom` and `launchedTo` are UTC dates, both included.");
        group.MapGet("/{ref}", GetMission)
            .WithName("GetMission")
            .WithSummary("Get a mission by id or slug")
            .WithDescription("Sends an ETag; with If-None-Match holding it, answers 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateMission)
            .WithName("CreateMission")
            .WithSummary("Create a mission")
            .WithDescription("The slug is made from the name when not given. Answers 201 with Location, ETag and the mission.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{ref}", ReplaceMission)
            .WithName("ReplaceMission")
            .WithSummary("Replace a mission")
            .WithDescription("Needs If-Match with the mission's current ETag: missing is 428, stale is 412. The crew is kept; change it through /crew.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{ref}", DeleteMission)
            .WithName("DeleteMission")
            .WithSummary("Delete a mission")
            .WithDescription("Soft delete: the mission leaves every list and GET answers 404; the history stays. Needs If-Match. "
                + "A mission that still has crew is a 409 naming them: remove them first.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapHistory(MissionStore.Kind)
            .WithDescription("Each create, update and delete of the mission, oldest first, with who made it and the full document after it. "
                + "Crew changes are updates of the mission: the document carries the crew (without ages, which are derived).");
        group.MapCrew();
        routes.MapPersonFlights();
        return group;
    }

    public static async Task<Results<Ok<Page<Mission>>, ProblemHttpResult>> ListMissions(
        [AsParameters] MissionsQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        var order = MissionStore.Orders[query.Sort ?? MissionStore.DefaultOrder];
        var scope = string.Join('|', "missions", order.Name, query.Q?.Trim(), query.Operator?.Trim().ToLowerInvariant(), query.Kind, query.LaunchedFrom, query.LaunchedTo);
        if (!pager.TryStart(page, scope, out var after, out var problem))
        {
            return problem!;
        }

        await using var connection = await databases.ForList(query.Q).OpenConnectionAsync(ct);
        var rows = await MissionStore.ListAsync(connection, query, order, after, page.Size + 1);
        return pager.Finish(http, rows, page, scope, row => row.ToMission());
    }

    public static async Task<Results<Ok<Mission>, StatusCodeHttpResult, ProblemHttpResult>> GetMission(
        [Description("The mission's id or slug, such as soyuz-ms-18.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await MissionStore.FindAsync(connection, ResourceRef.Parse(@ref)) is not { } row)
        {
            return ApiProblems.NotFound("mission", @ref);
        }

        return Preconditions.IsNotModified(http, row.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(row.ToMission());
    }

    public static async Task<Results<Created<Mission>, ProblemHttpResult>> CreateMission(
        MissionRequest mission, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            var created = await ConditionalWrites.InTransactionAsync(db, async (connection, transaction) =>
            {
                var slug = mission.Slug
                    ?? await Slugs.FirstFreeAsync(connection, transaction, "missions", Slugs.FromName(mission.Name, "mission"));
                var id = await MissionStore.InsertAsync(connection, transaction, mission, slug);
                await RevisionLog.AppendAsync(connection, transaction, MissionStore.Kind, id, "create", RevisionLog.ChangedBy(http));
                return (await MissionStore.FindAsync(connection, new ResourceRef(id, null), transaction))!.ToMission();
            }, ct);
            http.Response.Headers.ETag = Preconditions.ETagFor(created.Version);
            return TypedResults.Created($"/v1/missions/{created.Id}", created);
        }
        catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "missions_slug"))
        {
            return ApiProblems.Conflict($"The slug '{mission.Slug}' is already taken by another mission. Choose another slug, or omit it to have one made from the name.");
        }
    }

    public static async Task<Results<Ok<Mission>, ProblemHttpResult>> ReplaceMission(
        [Description("The mission's id or slug.")] string @ref, MissionRequest mission, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        var target = ResourceRef.Parse(@ref);
        try
        {
            return await ConditionalWrites.InTransactionAsync<Results<Ok<Mission>, ProblemHttpResult>>(db, async (connection, transaction) =>
            {
                if (await MissionStore.UpdateAsync(connection, transaction, target, ifMatch, mission) is not { } id)
                {
                    return await ConditionalWrites.WhyNotWrittenAsync(connection, transaction, MissionStore.Kind, target, @ref);
                }

                await RevisionLog.AppendAsync(connection, transaction, MissionStore.Kind, id, "update", RevisionLog.ChangedBy(http));
                var updated = (await MissionStore.FindAsync(connection, new ResourceRef(id, null), transaction))!.ToMission();
                http.Response.Headers.ETag = Preconditions.ETagFor(updated.Version);
                return TypedResults.Ok(updated);
            }, ct);
        }
        catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "missions_slug"))
        {
            return ApiProblems.Conflict($"The slug '{mission.Slug}' is already taken by another mission.");
        }
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteMission(
        [Description("The mission's id or slug.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ConditionalWrites.DeleteAsync(http, db, MissionStore.Kind, @ref, ct);
}
