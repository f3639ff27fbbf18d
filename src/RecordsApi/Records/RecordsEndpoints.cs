using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Resources;

namespace RecordsApi.Records;

public static class RecordsEndpoints
{
    public static RouteGroupBuilder MapRecords(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapResource(
            RecordsStore.Writable,
            new(ListRecords, "List and search records",
                "Keyset-paged list of records by title, each with its current holding. `q` searches titles and descriptions fuzzily."),
            new("Curated records, such as the first feature film shot in space or the oldest person to fly, each with every holding over time and its sources.",
                ExampleSlug: "first-feature-film-shot-in-space")
            {
                Get = "`progression` is every holding, oldest first; `current` the latest. A record with a `metric` also says whether its current "
                    + "holding agrees with the leader computed from the data today (`agreesWithData`), and when it does not, who that leader is "
                    + "(`computedLeader`). Sends an ETag (for such records it also changes when the agreement does); with If-None-Match holding it, answers 304.",
                Create = "Add holdings with POST /v1/records/{ref}/holdings.",
                Replace = "Holdings are kept. A record with more than one holding cannot become a 'first' (409).",
                ReplaceProblems = [ProblemTypes.FirstHeldOnce],
                DeleteConflicts = false,
            });
        group.MapPost("/{ref}/holdings", AddHolding)
            .Describe("AddHolding", "Add a holding to a record's progression",
                "Holdings are only ever appended, so no If-Match is needed; the record's version goes up and its history gains an update. "
                + "The mission and people must exist (422 naming each one that does not). A 'first' record has exactly one holding (409 for a second). "
                + "Answers 201 with Location and the holding.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(ProblemTypes.FirstHeldOnce, ProblemTypes.UnknownReference);
        group.MapGet("/{ref}/holdings/{holdingId:long}", GetHolding)
            .Describe("GetHolding", "Get one holding of a record",
                "The holding as the record's progression shows it: the day, the mission, the people, the value and the sources.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithFeedETag();
        return group;
    }

    public static Task<Results<Ok<Page<RecordSummary>>, ProblemHttpResult>> ListRecords(
        [AsParameters] RecordsQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        var scope = string.Join('|', "records", RecordsStore.ByTitle.Name, query.Category, query.Q?.Trim());
        return pager.PageAsync(
            http, page, scope, databases.ForList(http, query.Q), (connection, after, take) => RecordsStore.ListAsync(connection, query, after, take, ct), RecordsStore.ToSummary, ct);
    }

    public static async Task<Results<Created<Holding>, ProblemHttpResult>> AddHolding(
        [Description("The record's id or slug.")] string @ref, HoldingRequest holding, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        await ResourceWrites.InWriteTransactionAsync<Results<Created<Holding>, ProblemHttpResult>>(db, http, async write =>
        {
            // The lock makes concurrent holdings of one record take turns, so a 'first' never gets two.
            if (await RecordsStore.LockAsync(write, ResourceRef.Parse(@ref)) is not { } record)
            {
                return ApiProblems.NotFound("record", @ref);
            }

            if (record.Category == Categories.First && record.Holdings > 0)
            {
                return ApiProblems.Problem(
                    ProblemTypes.FirstHeldOnce,
                    "This is a 'first' record and already has its holding: a first happens once. Record later achievements in a record of another category.");
            }

            var references = await RecordsStore.ResolveAsync(write, holding);
            if (references.Errors.Count > 0)
            {
                return ApiProblems.Problem(
                    ProblemTypes.UnknownReference,
                    $"The holding must name an existing mission and existing, distinct people. Fix: {string.Join(", ", references.Errors.Keys)}.",
                    references.Errors.ToDictionary());
            }

            var id = await RecordsStore.AddHoldingAsync(write, record.Id, holding, references);
            await write.AppendRevisionAsync(RecordsStore.Kind, record.Id, "update");
            var created = (await RecordsStore.FindHoldingAsync(write.Connection, new ResourceRef(record.Id, null), id, write.Transaction, ct))!;
            return TypedResults.Created(Locations.Absolute(http.Request, $"/v1/records/{record.Id}/holdings/{id}"), created);
        }, ct);

    public static async Task<Results<Ok<Holding>, ProblemHttpResult>> GetHolding(
        [Description("The record's id or slug.")] string @ref, [Description("The holding's id.")] long holdingId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenForAsync(http, ct);
        return await RecordsStore.FindHoldingAsync(connection, ResourceRef.Parse(@ref), holdingId, ct: ct) is { } holding
            ? TypedResults.Ok(holding)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"The record '{@ref}' has no holding {holdingId}.");
    }
}
