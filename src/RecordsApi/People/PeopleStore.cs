using System.Data;
using Dapper;
using Npgsql;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Revisions;

namespace RecordsApi.People;

/// <summary>The SQL of the people resource.</summary>
internal static class PeopleStore
{
    public static readonly ResourceKind Kind = new("people", "person", "people", "person_document");

    /// <summary>The orders a list can take; each has an index (see 0002_people.sql).</summary>
    public static readonly IReadOnlyDictionary<string, KeysetOrder> Orders = new Dictionary<string, KeysetOrder>(StringComparer.Ordinal)
    {
        ["name"] = new("name", "p.name", "text"),
        ["-name"] = new("-name", "p.name", "text", Descending: true),
        ["birthDate"] = new("birthDate", "coalesce(p.birth_date, 'infinity'::date)", "date"),
        ["-birthDate"] = new("-birthDate", "coalesce(p.birth_date, '-infinity'::date)", "date", Descending: true),
    };

    private const string Columns = """
        p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
        p.wikidata, p.sources, p.version, p.created_at, p.updated_at
        """;

    /// <summary>How many rows in list order a search examines directly before it turns to the trigram index.</summary>
    internal const int SearchWindow = 1000;

    public static async Task<List<PersonRow>> ListAsync(
        NpgsqlConnection connection, PeopleQuery query, KeysetOrder order, KeysetPosition? after, int take)
    {
        var conditions = new List<string> { "p.deleted_at IS NULL" };
        if (query.Nationality is not null)
        {
            conditions.Add("p.nationality = @nationality");
        }

        if (query.Occupation is not null)
        {
            conditions.Add("p.occupations @> ARRAY[@occupation]::text[]");
        }

        if (after is not null)
        {
            conditions.Add(order.After("p.id"));
        }

        var filter = string.Join(" AND ", conditions);
        var sql = query.Q is null
            ? $"""
                SELECT {Columns}, {order.KeyAsText} AS sort_key
                FROM people p
                WHERE {filter}
                ORDER BY {order.OrderBy("p.id")}
                LIMIT @take
                """
            : SearchSql(order, filter);
        var rows = await connection.QueryAsync<PersonRow>(sql, new
        {
            q = query.Q?.Trim(),
            qLike = query.Q is null ? null : LikePatterns.Escape(query.Q.Trim()),
            nationality = query.Nationality?.ToUpperInvariant(),
            occupation = query.Occupation?.Trim().ToLowerInvariant(),
            afterKey = after?.SortKey,
            afterId = after?.Id,
            take,
            searchWindow = SearchWindow,
        });
        return rows.AsList();
    }

    /// <summary>
    /// A page of a fuzzy search in list order, in two steps, because neither plan PostgreSQL can
    /// choose alone holds up at a million people (docs/performance.md). Walking the list's index
    /// and testing each row is fast when matches are common and ruinous when they are rare or sit
    /// far down the order (q=Сергей Кр tested 813,796 rows); the trigram index is fast for rare matches
    /// and slow for common ones. So: test the next <see cref="SearchWindow"/> rows of the list
    /// directly ("nearby"); only when they hold less than a page, ask the trigram index for the
    /// matches beyond them ("beyond"), which are then few or spread thin.
    /// </summary>
    private static string SearchSql(KeysetOrder order, string filter)
    {
        // Word similarity finds misspellings (peresil → Peresild); the substring match finds short fragments.
        const string Match = "(search_form(@q) <% {0}.search_text OR {0}.search_text LIKE '%' || search_form(@qLike) || '%')";
        return $"""
            WITH nearby AS MATERIALIZED (
                SELECT p.id, {order.KeyExpression} AS sort_value, p.search_text
                FROM people p
                WHERE {filter}
                ORDER BY {order.OrderBy("p.id")}
                LIMIT @searchWindow),
            nearby_hits AS (
                SELECT n.id, n.sort_value FROM nearby n
                WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, Match, "n")}
                ORDER BY {order.OrderBy("n.sort_value", "n.id")}
                LIMIT @take),
            edge AS (
                SELECT n.id, n.sort_value FROM nearby n
                ORDER BY {order.OrderBy("n.sort_value", "n.id", reversed: true)}
                LIMIT 1),
            beyond_hits AS MATERIALIZED (
                SELECT p.id, {order.KeyExpression} AS sort_value
                FROM people p, edge
                WHERE (SELECT count(*) FROM nearby_hits) < @take
                  AND (SELECT count(*) FROM nearby) = @searchWindow
                  AND {filter}
                  AND {order.AfterRow("p.id", "edge.sort_value", "edge.id")}
                  AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, Match, "p")}),
            hits AS (
                SELECT h.id FROM (SELECT * FROM nearby_hits UNION ALL SELECT * FROM beyond_hits) h
                ORDER BY {order.OrderBy("h.sort_value", "h.id")}
                LIMIT @take)
            SELECT {Columns}, {order.KeyAsText} AS sort_key
            FROM hits JOIN people p ON p.id = hits.id
            ORDER BY {order.OrderBy("p.id")}
            """;
    }

    public static Task<PersonRow?> FindAsync(IDbConnection connection, ResourceRef reference, IDbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<PersonRow>(
            $"SELECT {Columns} FROM people p WHERE {ResourceRef.Condition("p")} AND p.deleted_at IS NULL",
            reference.Parameters,
            transaction);

    public static Task<long> InsertAsync(IDbConnection connection, IDbTransaction transaction, PersonRequest person, string slug) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO people (slug, name, native_name, birth_date, death_date, nationality, occupations, wikidata, sources)
            VALUES (@slug, @name, @nativeName, @birthDate, @deathDate, @nationality, @occupations, @wikidata, @sources)
            RETURNING id
            """,
            Parameters(person, slug),
            transaction);

    /// <summary>Replaces the person if it exists and its version is one If-Match accepts; null otherwise.</summary>
    public static Task<long?> UpdateAsync(IDbConnection connection, IDbTransaction transaction, ResourceRef reference, IfMatch ifMatch, PersonRequest person)
    {
        var parameters = new DynamicParameters(Parameters(person, person.Slug));
        parameters.AddDynamicParams(reference.Parameters);
        parameters.AddDynamicParams(new { anyVersion = ifMatch.Any, versions = ifMatch.Versions });
        return connection.ExecuteScalarAsync<long?>(
            $"""
            UPDATE people p SET
                slug = coalesce(@slug, p.slug), name = @name, native_name = @nativeName,
                birth_date = @birthDate, death_date = @deathDate, nationality = @nationality,
                occupations = @occupations, wikidata = @wikidata, sources = @sources,
                version = p.version + 1, updated_at = now()
            WHERE {ResourceRef.Condition("p")} AND p.deleted_at IS NULL AND (@anyVersion OR p.version = ANY(@versions))
            RETURNING p.id
            """,
            parameters,
            transaction);
    }

    private static object Parameters(PersonRequest person, string? slug) => new
    {
        slug,
        name = person.Name,
        nativeName = person.NativeName,
        birthDate = person.BirthDate,
        deathDate = person.DeathDate,
        nationality = person.Nationality?.ToUpperInvariant(),
        occupations = (person.Occupations ?? []).Select(o => o.Trim().ToLowerInvariant()).Distinct().ToArray(),
        wikidata = person.ExternalIds?.Wikidata,
        sources = (person.Sources ?? []).ToArray(),
    };
}
