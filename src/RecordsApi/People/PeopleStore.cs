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

    public static async Task<List<PersonRow>> ListAsync(
        NpgsqlConnection connection, PeopleQuery query, KeysetOrder order, KeysetPosition? after, int take)
    {
        var conditions = new List<string> { "p.deleted_at IS NULL" };
        if (query.Q is not null)
        {
            // Word similarity finds misspellings (peresil → Peresild); the substring match finds short fragments.
            conditions.Add("(search_form(@q) <% p.search_text OR p.search_text LIKE '%' || search_form(@qLike) || '%')");
        }

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

        var sql = $"""
            SELECT {Columns}, {order.KeyAsText} AS sort_key
            FROM people p
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY {order.OrderBy("p.id")}
            LIMIT @take
            """;
        var rows = await connection.QueryAsync<PersonRow>(sql, new
        {
            q = query.Q?.Trim(),
            qLike = query.Q is null ? null : LikePatterns.Escape(query.Q.Trim()),
            nationality = query.Nationality?.ToUpperInvariant(),
            occupation = query.Occupation?.Trim().ToLowerInvariant(),
            afterKey = after?.SortKey,
            afterId = after?.Id,
            take,
        });
        return rows.AsList();
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

    /// <summary>Soft-deletes the person if it exists and its version is one If-Match accepts; null otherwise.</summary>
    public static Task<long?> DeleteAsync(IDbConnection connection, IDbTransaction transaction, ResourceRef reference, IfMatch ifMatch)
    {
        var parameters = new DynamicParameters(reference.Parameters);
        parameters.AddDynamicParams(new { anyVersion = ifMatch.Any, versions = ifMatch.Versions });
        return connection.ExecuteScalarAsync<long?>(
            $"""
            UPDATE people p SET deleted_at = now(), version = p.version + 1, updated_at = now()
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
