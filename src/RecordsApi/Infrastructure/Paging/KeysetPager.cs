using Microsoft.AspNetCore.Http.Extensions;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Infrastructure.Paging;

/// <summary>Keyset paging as every list uses it: decode the cursor, fetch one row extra, make the next cursor and Link.</summary>
public sealed class KeysetPager(CursorCodec cursors)
{
    /// <summary>
    /// A whole list request: the cursor checked against <paramref name="scope"/>, one row more than the page
    /// from <paramref name="list"/> (given the position after which to start and how many rows to take), then
    /// the page, the next cursor and Link.
    /// </summary>
    public async Task<Results<Ok<Page<T>>, ProblemHttpResult>> PageAsync<TRow, T>(
        HttpContext http, PageRequest page, string scope, NpgsqlDataSource db,
        Func<NpgsqlConnection, KeysetPosition?, int, Task<List<TRow>>> list, Func<TRow, T> map, CancellationToken cancellationToken)
        where TRow : IKeysetRow
    {
        if (!TryStart(page, scope, out var after, out var problem))
        {
            return problem!;
        }

        await using var connection = await db.OpenForAsync(http, cancellationToken);
        return Finish(http, await list(connection, after, page.Size + 1), page, scope, map);
    }

    /// <summary>Reads the cursor of a request; a cursor made for another list, order or filter does not verify.</summary>
    public bool TryStart(PageRequest page, string scope, out KeysetPosition? after, out ProblemHttpResult? problem)
    {
        after = null;
        problem = null;
        if (page.Cursor is null)
        {
            return true;
        }

        if (cursors.TryDecode(page.Cursor, scope, out var position))
        {
            after = position;
            return true;
        }

        problem = ApiProblems.BadRequest(
            "The cursor is not one this service made for this list, order and filters. Start again without a cursor.",
            new Dictionary<string, string[]> { ["cursor"] = ["Invalid or altered cursor."] });
        return false;
    }

    /// <summary>Cuts the extra row off, makes the next cursor, and sets the Link header.</summary>
    public Ok<Page<T>> Finish<TRow, T>(HttpContext http, IReadOnlyList<TRow> rows, PageRequest page, string scope, Func<TRow, T> map)
        where TRow : IKeysetRow
    {
        var hasMore = rows.Count > page.Size;
        var items = rows.Take(page.Size).Select(map).ToList();
        string? next = null;
        if (hasMore)
        {
            var last = rows[page.Size - 1];
            next = cursors.Encode(scope, last.SortKey, last.Id);
            var query = http.Request.Query.Where(q => !q.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                .Append(new KeyValuePair<string, string?>("cursor", next));
            var url = UriHelper.BuildAbsolute(http.Request.Scheme, http.Request.Host, http.Request.PathBase, http.Request.Path, QueryString.Create(query));
            http.Response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
        }

        return TypedResults.Ok(new Page<T>(items, next));
    }
}

/// <summary>A row of a keyset list: its id and its sort key as PostgreSQL text.</summary>
public interface IKeysetRow
{
    long Id { get; }

    string SortKey { get; }
}
