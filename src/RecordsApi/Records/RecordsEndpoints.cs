using RecordsApi.Infrastructure.Docs;
using System.ComponentModel;
using System.Data;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecordsApi.Infrastructure;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Revisions;
using RecordsApi.Leaderboards;

namespace RecordsApi.Records;

public static class RecordsEndpoints
{
    public static RouteGroupBuilder MapRecords(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/records").WithTag("Records",
            "Curated records, such as the first feature film shot in space or the oldest person to fly, each with every holding over time and its sources.");

        group.MapGet("/", ListRecords)
            .WithName("ListRecords")
            .WithSummary("List and search records")
            .WithDescription("Keyset-paged list of records by title, each with its current holding. `q` searches titles and descriptions fuzzily.");
        group.MapGet("/{ref}", GetRecord)
            .WithName("GetRecord")
            .WithSummary("Get a record by id or slug, with its progression")
            .WithDescription(
                "`progression` is every holding, oldest first; `current` the latest. A record with a `metric` also says whether its current "
                + "holding agrees with the leader computed from the data today (`agreesWithData`), and when it does not, who that leader is "
                + "(`computedLeader`). Sends an ETag (for such records it also changes when the agreement does); with If-None-Match holding it, answers 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateRecord)
            .WithName("CreateRecord")
            .WithSummary("Create a record")
            .WithDescription("The slug is made from the title when not given. Add holdings with POST /v1/records/{ref}/holdings. Answers 201 with Location, ETag and the record.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{ref}", ReplaceRecord)
            .WithName("ReplaceRecord")
            .WithSummary("Replace a record's fields")
            .WithDescription("Holdings are kept. Needs If-Match with the record's current ETag: missing is 428, stale is 412. A record with more than one holding cannot become a 'first' (409).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{ref}", DeleteRecord)
            .WithName("DeleteRecord")
            .WithSummary("Delete a record")
            .WithDescription("Soft delete: the record leaves the list and GET answers 404; the history stays. Needs If-Match.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/{ref}/holdings", AddHolding)
            .WithName("AddHolding")
            .WithSummary("Add a holding to a record's progression")
            .WithDescription(
                "Holdings are only ever appended, so no If-Match is needed; the record's version goes up and its history gains an update. "
                + "The mission and people must exist (422 naming each one that does not). A 'first' record has exactly one holding (409 for a second). "
                + "Answers 201 with Location and the holding.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{ref}/holdings/{holdingId:long}", GetHolding)
            .WithName("GetHolding")
            .WithSummary("Get one holding of a record")
            .WithDescription("The holding as the record's progression shows it: the day, the mission, the people, the value and the sources.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapHistory(RecordsStore.Kind);
        return group;
    }

    public static async Task<Results<Ok<Page<RecordSummary>>, ProblemHttpResult>> ListRecords(
        [AsParameters] RecordsQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        var scope = string.Join('|', "records", RecordsStore.ByTitle.Name, query.Category, query.Q?.Trim());
        if (!pager.TryStart(page, scope, out var after, out var problem))
        {
            return problem!;
        }

        await using var connection = await databases.ForList(query.Q).OpenConnectionAsync(ct);
        var rows = await RecordsStore.ListAsync(connection, query, after, page.Size + 1);
        return pager.Finish(http, rows, page, scope, RecordsStore.ToSummary);
    }

    public static async Task<Results<Ok<Record>, StatusCodeHttpResult, ProblemHttpResult>> GetRecord(
        [Description("The record's id or slug, such as first-feature-film-shot-in-space.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // One snapshot for the record and the leaderboard it is checked against.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        if (await RecordsStore.FindAsync(connection, ResourceRef.Parse(@ref), transaction) is not { } found)
        {
            return ApiProblems.NotFound("record", @ref);
        }

        var record = await WithAgreementAsync(http, connection, transaction, found);
        return Preconditions.IsNotModified(http, ETagOf(record))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(record);
    }

    public static async Task<Results<Created<Record>, ProblemHttpResult>> CreateRecord(
        RecordRequest record, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            var created = await ConditionalWrites.InTransactionAsync(db, async (connection, transaction) =>
            {
                var slug = record.Slug
                    ?? await Slugs.FirstFreeAsync(connection, transaction, "records", Slugs.FromName(record.Title, "record"));
                var id = await RecordsStore.InsertAsync(connection, transaction, record, slug);
                await RevisionLog.AppendAsync(connection, transaction, RecordsStore.Kind, id, "create", RevisionLog.ChangedBy(http));
                var stored = (await RecordsStore.FindAsync(connection, new ResourceRef(id, null), transaction))!;
                return await WithAgreementAsync(http, connection, transaction, stored);
            }, ct);
            http.Response.Headers.ETag = ETagOf(created);
            return TypedResults.Created($"/v1/records/{created.Id}", created);
        }
        catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "records_slug"))
        {
            return ApiProblems.Conflict($"The slug '{record.Slug}' is already taken by another record. Choose another slug, or omit it to have one made from the title.");
        }
    }

    public static async Task<Results<Ok<Record>, ProblemHttpResult>> ReplaceRecord(
        [Description("The record's id or slug.")] string @ref, RecordRequest record, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        try
        {
            return await ConditionalWrites.InTransactionAsync<Results<Ok<Record>, ProblemHttpResult>>(db, async (connection, transaction) =>
            {
                if (await RecordsStore.LockAsync(connection, transaction, ResourceRef.Parse(@ref)) is not { } current)
                {
                    return ApiProblems.NotFound("record", @ref);
                }

                if (!ifMatch.Accepts(current.Version))
                {
                    return ApiProblems.PreconditionFailed(Preconditions.ETagFor(current.Version));
                }

                if (record.Category == Categories.First && current.Holdings > 1)
                {
                    return ApiProblems.Conflict(
                        $"The record has {current.Holdings} holdings, and a 'first' has exactly one. Keep its category, or make a new 'first' record.");
                }

                await RecordsStore.UpdateAsync(connection, transaction, current.Id, record);
                await RevisionLog.AppendAsync(connection, transaction, RecordsStore.Kind, current.Id, "update", RevisionLog.ChangedBy(http));
                var stored = (await RecordsStore.FindAsync(connection, new ResourceRef(current.Id, null), transaction))!;
                var updated = await WithAgreementAsync(http, connection, transaction, stored);
                http.Response.Headers.ETag = ETagOf(updated);
                return TypedResults.Ok(updated);
            }, ct);
        }
        catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "records_slug"))
        {
            return ApiProblems.Conflict($"The slug '{record.Slug}' is already taken by another record.");
        }
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteRecord(
        [Description("The record's id or slug.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ConditionalWrites.DeleteAsync(http, db, RecordsStore.Kind, @ref, ct);

    public static async Task<Results<Created<Holding>, ProblemHttpResult>> AddHolding(
        [Description("The record's id or slug.")] string @ref, HoldingRequest holding, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        await ConditionalWrites.InTransactionAsync<Results<Created<Holding>, ProblemHttpResult>>(db, async (connection, transaction) =>
        {
            // The lock makes concurrent holdings of one record take turns, so a 'first' never gets two.
            if (await RecordsStore.LockAsync(connection, transaction, ResourceRef.Parse(@ref)) is not { } record)
            {
                return ApiProblems.NotFound("record", @ref);
            }

            if (record.Category == Categories.First && record.Holdings > 0)
            {
                return ApiProblems.Conflict(
                    "This is a 'first' record and already has its holding: a first happens once. Record later achievements in a record of another category.");
            }

            var references = await RecordsStore.ResolveAsync(connection, transaction, holding);
            if (references.Errors.Count > 0)
            {
                return ApiProblems.Unprocessable(
                    $"The holding must name an existing mission and existing, distinct people. Fix: {string.Join(", ", references.Errors.Keys)}.",
                    references.Errors.ToDictionary());
            }

            var id = await RecordsStore.AddHoldingAsync(connection, transaction, record.Id, holding, references);
            await RevisionLog.AppendAsync(connection, transaction, RecordsStore.Kind, record.Id, "update", RevisionLog.ChangedBy(http));
            var created = (await RecordsStore.FindHoldingAsync(connection, new ResourceRef(record.Id, null), id, transaction))!;
            return TypedResults.Created($"/v1/records/{record.Id}/holdings/{id}", created);
        }, ct);

    public static async Task<Results<Ok<Holding>, ProblemHttpResult>> GetHolding(
        [Description("The record's id or slug.")] string @ref, [Description("The holding's id.")] long holdingId, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await RecordsStore.FindHoldingAsync(connection, ResourceRef.Parse(@ref), holdingId) is { } holding
            ? TypedResults.Ok(holding)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"The record '{@ref}' has no holding {holdingId}.");
    }

    /// <summary>For a record with a metric: does its current holding name today's computed leader?</summary>
    private static async Task<Record> WithAgreementAsync(HttpContext http, IDbConnection connection, IDbTransaction transaction, Record record)
    {
        if (record.Metric is null || Metric.Find(record.Metric) is not { } metric)
        {
            return record;
        }

        var leaders = await LeaderboardStore.LeadersAsync(
            connection, metric, Boundaries.Karman, LeaderboardDates.Today(http.RequestServices.GetRequiredService<TimeProvider>()), transaction);
        var agrees = record.Current is { } current && leaders.Any(leader =>
            current.People.Any(person => person.Id == leader.PersonId)
            && (current.Mission is null || current.Mission.Id == leader.MissionId || current.Mission.Id == leader.LandingMissionId));
        return record with { AgreesWithData = agrees, ComputedLeader = agrees ? null : leaders.FirstOrDefault()?.ToStanding(metric) };
    }

    /// <summary>The version, and for a record with a metric the computed agreement too: it changes without a write.</summary>
    private static string ETagOf(Record record) =>
        record.Metric is null
            ? Preconditions.ETagFor(record.Version)
            : Preconditions.ETagFor(record.Version, JsonSerializer.Serialize(new { record.AgreesWithData, record.ComputedLeader }));
}
