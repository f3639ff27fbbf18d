using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecordsApi.Infrastructure;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Revisions;

namespace RecordsApi.People;

public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/people").WithTag("People",
            "People who flew in space, or are on record in its history: names in Latin and native script, birth and death dates, nationality, occupations.");

        group.MapGet("/", ListPeople)
            .WithName("ListPeople")
            .WithSummary("List and search people")
            .WithDescription("Keyset-paged list of people. `q` searches names fuzzily in Latin or Cyrillic script, ignoring case and accents.");
        group.MapGet("/{ref}", GetPerson)
            .WithName("GetPerson")
            .WithSummary("Get a person by id or slug")
            .WithDescription("Sends an ETag; with If-None-Match holding it, answers 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreatePerson)
            .WithName("CreatePerson")
            .WithSummary("Create a person")
            .WithDescription("The slug is made from the name when not given. Answers 201 with Location, ETag and the person.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{ref}", ReplacePerson)
            .WithName("ReplacePerson")
            .WithSummary("Replace a person")
            .WithDescription("Needs If-Match with the person's current ETag: missing is 428, stale is 412.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{ref}", DeletePerson)
            .WithName("DeletePerson")
            .WithSummary("Delete a person")
            .WithDescription("Soft delete: the person leaves every list and GET answers 404; the history stays. Needs If-Match. "
                + "A person something still refers to (such as a mission's crew) is a 409 naming it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapHistory(PeopleStore.Kind);
        return group;
    }

    public static async Task<Results<Ok<Page<Person>>, ProblemHttpResult>> ListPeople(
        [AsParameters] PeopleQuery query, [AsParameters] PageRequest page, HttpContext http, Databases databases, KeysetPager pager, CancellationToken ct)
    {
        var order = PeopleStore.Orders[query.Sort ?? "name"];
        var scope = string.Join('|', "people", order.Name, query.Q?.Trim(), query.Nationality?.ToUpperInvariant(), query.Occupation?.Trim().ToLowerInvariant());
        if (!pager.TryStart(page, scope, out var after, out var problem))
        {
            return problem!;
        }

        await using var connection = await databases.ForList(query.Q).OpenConnectionAsync(ct);
        var rows = await PeopleStore.ListAsync(connection, query, order, after, page.Size + 1);
        return pager.Finish(http, rows, page, scope, row => row.ToPerson());
    }

    public static async Task<Results<Ok<Person>, StatusCodeHttpResult, ProblemHttpResult>> GetPerson(
        [Description("The person's id or slug, such as yulia-peresild.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await PeopleStore.FindAsync(connection, ResourceRef.Parse(@ref)) is not { } row)
        {
            return ApiProblems.NotFound("person", @ref);
        }

        return Preconditions.IsNotModified(http, row.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(row.ToPerson());
    }

    public static async Task<Results<Created<Person>, ProblemHttpResult>> CreatePerson(
        PersonRequest person, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            var created = await ConditionalWrites.InTransactionAsync(db, async (connection, transaction) =>
            {
                var slug = person.Slug
                    ?? await Slugs.FirstFreeAsync(connection, transaction, "people", Slugs.FromName(person.Name, "person"));
                var id = await PeopleStore.InsertAsync(connection, transaction, person, slug);
                await RevisionLog.AppendAsync(connection, transaction, PeopleStore.Kind, id, "create", RevisionLog.ChangedBy(http));
                return (await PeopleStore.FindAsync(connection, new ResourceRef(id, null), transaction))!.ToPerson();
            }, ct);
            http.Response.Headers.ETag = Preconditions.ETagFor(created.Version);
            return TypedResults.Created($"/v1/people/{created.Id}", created);
        }
        catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "people_slug"))
        {
            return ApiProblems.Conflict($"The slug '{person.Slug}' is already taken by another person. Choose another slug, or omit it to have one made from the name.");
        }
    }

    public static async Task<Results<Ok<Person>, ProblemHttpResult>> ReplacePerson(
        [Description("The person's id or slug.")] string @ref, PersonRequest person, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        var target = ResourceRef.Parse(@ref);
        try
        {
            var outcome = await ConditionalWrites.InTransactionAsync<Results<Ok<Person>, ProblemHttpResult>>(db, async (connection, transaction) =>
            {
                if (await PeopleStore.UpdateAsync(connection, transaction, target, ifMatch, person) is not { } id)
                {
                    return await ConditionalWrites.WhyNotWrittenAsync(connection, transaction, PeopleStore.Kind, target, @ref);
                }

                await RevisionLog.AppendAsync(connection, transaction, PeopleStore.Kind, id, "update", RevisionLog.ChangedBy(http));
                var updated = (await PeopleStore.FindAsync(connection, new ResourceRef(id, null), transaction))!.ToPerson();
                http.Response.Headers.ETag = Preconditions.ETagFor(updated.Version);
                return TypedResults.Ok(updated);
            }, ct);
            return outcome;
        }
        catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "people_slug"))
        {
            return ApiProblems.Conflict($"The slug '{person.Slug}' is already taken by another person.");
        }
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeletePerson(
        [Description("The person's id or slug.")] string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ConditionalWrites.DeleteAsync(http, db, PeopleStore.Kind, @ref, ct);
}
