using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Resources;

namespace RecordsApi.Changes;

public static class ChangesEndpoints
{
    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/changes").WithTag("Changes",
            "The feed of every change to every resource, oldest first: how a client mirrors the data without polling everything.");
        group.MapGet("/", ListChanges)
            .Describe("ListChanges", "Every change to every resource, oldest first",
                "The revisions of all people, missions and records, oldest first, including every change committed before the request. "
                + "Sequence numbers are gap-free and strictly increasing, a change committed before another began has the lower "
                + "number, and no number becomes visible before a lower one, so a client mirrors the data by reading from `since=0` "
                + "and then always from the `nextSince` it got last: it never misses a change. `hasMore` (and a Link rel=\"next\") "
                + "says another page is already waiting; otherwise poll again later with the same `nextSince`.");
        return group;
    }

    public static async Task<Ok<ChangesPage>> ListChanges(
        [AsParameters] ChangesQuery query, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenForAsync(http, ct);
        // Number first, so the page holds every write that committed before this request.
        await RevisionNumbering.NumberAsync(connection, ct);
        var rows = await ChangesStore.ListAsync(connection, query.After, query.Size + 1, ct);
        var hasMore = rows.Count > query.Size;
        var items = rows.Take(query.Size).Select(row => new Change(row.Sequence, row.Resource, row.ResourceId, row.Version, row.Operation, row.ChangedAt, row.ChangedBy, row.Document())).ToList();
        var nextSince = items.Count > 0 ? items[^1].Sequence : query.After;
        if (hasMore)
        {
            var next = UriHelper.BuildAbsolute(http.Request.Scheme, http.Request.Host, http.Request.PathBase, http.Request.Path,
                QueryString.Create("since", nextSince.ToString(CultureInfo.InvariantCulture)).Add("limit", query.Size.ToString(CultureInfo.InvariantCulture)));
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }

        return TypedResults.Ok(new ChangesPage(items, nextSince, hasMore));
    }
}
