using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Resources;

namespace RecordsApi.People;

/// <summary>The SQL of the people resource.</summary>
internal static class PeopleStore
{
    public static readonly ResourceKind Kind = new("people", "person", "people", "person_document");

    /// <summary>The columns a request writes and how a person reads, for the shared read and write paths.</summary>
    public static readonly WritableResource<PersonRequest, Person> Writable = new(
        Kind,
        "slug, name, native_name, birth_date, death_date, nationality, occupations, wikidata, sources",
        Parameters,
        async (connection, target, transaction, _, ct) => (await FindAsync(connection, target, transaction, ct))?.ToPerson());

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

    /// <summary>
    /// The most words a query's lead word may expand to for a search to merge their people; one that
    /// matches more (a word of one or two letters) matches so many people that walking the list is faster.
    /// </summary>
    internal const int MaxMergedWords = 100;

    /// <summary>
    /// A page of the list, or of a fuzzy search when q is given: search_people (07_people_search.sql) finds,
    /// in one round trip, the people having every word of q, merged in list order from the word postings
    /// of the query's lead word and cut at a full page (docs/performance.md).
    /// </summary>
    public static Task<List<PersonRow>> ListAsync(
        NpgsqlConnection connection, PeopleQuery query, KeysetOrder order, KeysetPosition? after, int take, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new
        {
            nationality = query.Nationality?.ToUpperInvariant(),
            occupation = query.Occupation?.Trim().ToLowerInvariant(),
            afterKey = after?.SortKey,
            afterId = after?.Id,
            take,
        });
        if (query.Q is not null)
        {
            parameters.Add("q", query.Q.Trim());
            parameters.Add("sort", order.Name);
            parameters.Add("maxMerged", MaxMergedWords);
            return PageAsync(
                connection,
                order,
                "search_people(@q, @sort, CAST(@afterKey AS text), CAST(@afterId AS bigint), @take, CAST(@nationality AS text), CAST(@occupation AS text), @maxMerged) p",
                new SqlConditions("true"),
                parameters,
                ct);
        }

        var conditions = new SqlConditions("p.deleted_at IS NULL")
            .When(query.Nationality is not null, "p.nationality = @nationality")
            .When(query.Occupation is not null, "p.occupations @> ARRAY[@occupation]::text[]")
            .When(after is not null, order.After("p.id"));
        return PageAsync(connection, order, "people p", conditions, parameters, ct);
    }

    /// <summary>One page of people: <paramref name="from"/> (where p is the person), filtered, ordered, cut at @take.</summary>
    private static async Task<List<PersonRow>> PageAsync(
        NpgsqlConnection connection, KeysetOrder order, string from, SqlConditions conditions, DynamicParameters parameters, CancellationToken ct) =>
        (await connection.QueryAsync<PersonRow>(new CommandDefinition(
            $"""
            SELECT {Columns}, {order.KeyAsText} AS sort_key
            FROM {from}
            WHERE {conditions}
            ORDER BY {order.OrderBy("p.id")}
            LIMIT @take
            """,
            parameters,
            cancellationToken: ct))).AsList();

    public static Task<PersonRow?> FindAsync(
        IDbConnection connection, ResourceRef reference, IDbTransaction? transaction = null, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<PersonRow>(new CommandDefinition(
            $"SELECT {Columns} FROM people p WHERE {reference.Condition("p")} AND p.deleted_at IS NULL",
            reference.Parameters,
            transaction,
            cancellationToken: ct));

    /// <summary>The columns a person request writes, normalised as stored; the importer sends the same values.</summary>
    internal static object Parameters(PersonRequest person, string? slug) => new
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
