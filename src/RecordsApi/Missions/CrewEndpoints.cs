using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

/// <summary>
/// A mission's crew. The crew is part of the mission: its ETag is the mission's, writes need
/// If-Match with it, and each write makes a new mission version and revision.
/// </summary>
public static class CrewEndpoints
{
    internal static void MapCrew(this RouteGroupBuilder missions)
    {
        missions.MapGet("/{ref}/crew", GetCrew)
            .Describe("GetCrew", "The crew of a mission",
                "Everyone aboard the mission's vehicle, commander first, with their legs and age at launch, all in one answer (a crew is never paged). "
                + "The ETag is the mission's (send it as If-Match to change the crew); with If-None-Match holding it, answers 304.")
            .ProducesConditionalRead();
        missions.MapPut("/{ref}/crew/{personRef}", PutCrewMember)
            .Describe("PutCrewMember", "Add a person to the crew, or change their role and legs",
                "Needs If-Match with the mission's ETag (missing 428, stale 412). Answers 201 when the person is added, "
                + "200 when their seat is replaced, with the member and the mission's new ETag. An unknown mission or person is a 404; "
                + "a person born after, or dead before, the flight they are put on is a 422.")
            .ProducesConditionalWrite(conflicts: false)
            .ProducesProblem(ProblemTypes.NotAliveAtFlight);
        missions.MapDelete("/{ref}/crew/{personRef}", DeleteCrewMember)
            .Describe("DeleteCrewMember", "Remove a person from the crew",
                "Needs If-Match with the mission's ETag (missing 428, stale 412). A person who is not crew of the mission is a 404.")
            .ProducesConditionalWrite(conflicts: false);
    }


    public static async Task<Results<Ok<WholeList<CrewMember>>, StatusCodeHttpResult, ProblemHttpResult>> GetCrew(
        [Description("The mission's id or slug, such as soyuz-ms-18.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenForAsync(http, ct);
        await using var transaction = await Transactions.BeginAsync(connection, ct, IsolationLevel.RepeatableRead, readOnly: true);
        if (await MissionsStore.FindAsync(connection, ResourceRef.Parse(@ref), transaction, ct) is not { } mission)
        {
            return ApiProblems.NotFound("mission", @ref);
        }

        if (Preconditions.SetETagAndCheckNotModified(http, mission.Version))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        // One snapshot for the version and the crew, so the ETag names exactly the crew sent: the crew comes whole.
        var crew = await CrewStore.ListAsync(connection, mission.Id, transaction, ct);
        return TypedResults.Ok(new WholeList<CrewMember>([.. crew.Select(row => row.ToCrewMember())]));
    }

    public static async Task<Results<Ok<CrewMember>, Created<CrewMember>, ProblemHttpResult>> PutCrewMember(
        [Description("The mission's id or slug.")] string @ref,
        [Description("The person's id or slug, such as yulia-peresild.")] string personRef,
        CrewMemberRequest member, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        return await ResourceWrites.InWriteTransactionAsync<Results<Ok<CrewMember>, Created<CrewMember>, ProblemHttpResult>>(db, http, async write =>
        {
            var seat = await LockSeatAsync(write, @ref, personRef, ifMatch);
            if (seat is not ({ } mission, { } person, null))
            {
                return seat.Problem!;
            }

            if (WhyCannotHaveFlown(mission, person, member) is { } reason)
            {
                return ApiProblems.Problem(ProblemTypes.NotAliveAtFlight, reason);
            }

            var added = await CrewStore.UpsertAsync(write, mission.Id, person.Id, member);
            var version = await CrewStore.TouchMissionAsync(write, mission.Id);
            await write.AppendRevisionAsync(MissionsStore.Kind, mission.Id, "update");
            var stored = (await CrewStore.FindMemberAsync(write, mission.Id, person.Id))!.ToCrewMember();
            http.Response.Headers.ETag = Preconditions.ETagFor(version);
            return added
                ? TypedResults.Created(Locations.Absolute(http.Request, $"/v1/missions/{mission.Id}/crew/{person.Id}"), stored)
                : TypedResults.Ok(stored);
        }, ct);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCrewMember(
        [Description("The mission's id or slug.")] string @ref,
        [Description("The person's id or slug.")] string personRef,
        HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        return await ResourceWrites.InWriteTransactionAsync<Results<NoContent, ProblemHttpResult>>(db, http, async write =>
        {
            var seat = await LockSeatAsync(write, @ref, personRef, ifMatch);
            if (seat is not ({ } mission, { } person, null))
            {
                return seat.Problem!;
            }

            if (!await CrewStore.RemoveAsync(write, mission.Id, person.Id))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"{person.Slug} is not crew of {mission.Slug}.");
            }

            await CrewStore.TouchMissionAsync(write, mission.Id);
            await write.AppendRevisionAsync(MissionsStore.Kind, mission.Id, "update");
            return TypedResults.NoContent();
        }, ct);
    }

    /// <summary>
    /// Locks the mission and the person a crew write names, then checks If-Match against the mission's
    /// version: both, or the problem (404 for either missing, 412 for a stale If-Match).
    /// </summary>
    private static async Task<(CrewMission? Mission, CrewCandidate? Person, ProblemHttpResult? Problem)> LockSeatAsync(
        Write write, string @ref, string personRef, IfMatch ifMatch)
    {
        if (await CrewStore.LockMissionAsync(write, ResourceRef.Parse(@ref)) is not { } mission)
        {
            return (null, null, ApiProblems.NotFound("mission", @ref));
        }

        if (await CrewStore.LockPersonAsync(write, ResourceRef.Parse(personRef)) is not { } person)
        {
            return (null, null, ApiProblems.NotFound("person", personRef));
        }

        var currentETag = Preconditions.ETagFor(mission.Version);
        return ifMatch.Accepts(currentETag)
            ? (mission, person, null)
            : (null, null, Preconditions.Failed(write.Http, currentETag));
    }

    /// <summary>
    /// A person cannot be aboard a flight before they were born or after they died. The day that
    /// counts is the launch for someone who rode the vehicle up, else its landing.
    /// </summary>
    private static string? WhyCannotHaveFlown(CrewMission mission, CrewCandidate person, CrewMemberRequest member)
    {
        var aboard = member.Launched == true ? mission.LaunchAt : mission.LandingAt;
        if (aboard is not { } instant)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(instant);
        var leg = member.Launched == true ? "launched" : "landed";
        if (person.BirthDate > day)
        {
            return $"{person.Slug} was born on {person.BirthDate:yyyy-MM-dd}, after {mission.Slug} {leg} on {day:yyyy-MM-dd}.";
        }

        return person.DeathDate < day
            ? $"{person.Slug} died on {person.DeathDate:yyyy-MM-dd}, before {mission.Slug} {leg} on {day:yyyy-MM-dd}."
            : null;
    }
}
