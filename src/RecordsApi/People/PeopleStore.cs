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

    /// <summary>The columns of person_words that hold each order's key (the same values as <see cref="Orders"/>' expressions).</summary>
    private static readonly Dictionary<string, string> WordKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "pw.name",
        ["-name"] = "pw.name",
        ["birthDate"] = "pw.birth_asc",
        ["-birthDate"] = "pw.birth_desc",
    };

    /// <summary>How many people of each matching word a search step reads first; each further step reads four times more.</summary>
    internal const int FirstWindow = 64;

    private const int LargestWindow = 16_384;

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

        var filters = new
        {
            nationality = query.Nationality?.ToUpperInvariant(),
            occupation = query.Occupation?.Trim().ToLowerInvariant(),
        };
        if (query.Q is not null)
        {
            return await SearchAsync(connection, query.Q.Trim(), conditions, filters, order, after, take);
        }

        if (after is not null)
        {
            conditions.Add(order.After("p.id"));
        }

        var rows = await connection.QueryAsync<PersonRow>(
            $"""
            SELECT {Columns}, {order.KeyAsText} AS sort_key
            FROM people p
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY {order.OrderBy("p.id")}
            LIMIT @take
            """,
            new { filters.nationality, filters.occupation, afterKey = after?.SortKey, afterId = after?.Id, take });
        return rows.AsList();
    }

    /// <summary>
    /// A page of a fuzzy search, in list order. A person matches when every word of q matches a word of
    /// their name or native name (search_word_matches, 0041_people_search_words.sql). The longest word of
    /// q leads: it expands to the distinct words it matches (a trigram scan of search_words), and the
    /// people having each of those come out of person_words already in list order, so the page is a
    /// merge of a few short index ranges, whatever the number of matches (docs/performance.md).
    /// The other words and the filters are tested on the people so found; when they reject many, a
    /// step may end before its page is full, and the next step reads on from where every word's range
    /// is known to be complete, with wider ranges.
    /// </summary>
    private static async Task<List<PersonRow>> SearchAsync(
        NpgsqlConnection connection, string q, List<string> conditions, object filters, KeysetOrder order, KeysetPosition? after, int take)
    {
        var words = await connection.ExecuteScalarAsync<string[]>("SELECT search_words_of(@q)", new { q }) ?? [];
        if (words.Length == 0)
        {
            return [];
        }

        var lead = words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).First();
        var others = words.Where(w => w != lead).ToArray();
        var found = new List<PersonRow>(take);
        var position = after;
        for (var window = Math.Max(take, FirstWindow); ; window = Math.Min(window * 4, LargestWindow))
        {
            var sql = SearchStepSql(order, lead.Length >= 3, conditions, others.Length > 0, position is not null);
            var parameters = new DynamicParameters(filters);
            parameters.AddDynamicParams(new
            {
                lead,
                leadPattern = lead.Length >= 3 ? $"%{lead}%" : $"{lead}%",
                others,
                afterKey = position?.SortKey,
                afterId = position?.Id,
                window,
                take = take - found.Count,
            });
            KeysetPosition? horizon = null;
            await connection.QueryAsync<StepHorizon, PersonRow, bool>(
                sql,
                (step, row) =>
                {
                    horizon = step.HorizonId is { } id ? new KeysetPosition(step.HorizonKey!, id) : null;
                    if (row is not null)
                    {
                        found.Add(row);
                    }

                    return true;
                },
                parameters,
                splitOn: "id");
            if (found.Count >= take || horizon is null)
            {
                return found;
            }

            position = horizon;
        }
    }

    /// <summary>
    /// One step of a search: for each word the lead word matches, the next @window people having it
    /// after the position; of those, the ones every other word and filter accepts, up to the
    /// "horizon": the first of the ranges' last rows among the ranges that were cut off (past it, a
    /// cut-off range may hold matches not read yet). Answers the matches (none, or up to @take) on
    /// rows that also carry the horizon, or one row with only the horizon when nothing matched.
    /// </summary>
    private static string SearchStepSql(KeysetOrder order, bool longLead, List<string> conditions, bool hasOthers, bool hasPosition)
    {
        // Words are stored in the C collation, so a prefix is a range of the primary key; longer words
        // go through the trigram index, for substrings and misspellings (search_word_matches).
        var leadWords = longLead
            ? "s.word LIKE @leadPattern OR @lead <% s.word"
            : "s.word LIKE @leadPattern";
        var word = order with { KeyExpression = WordKeys[order.Name] };
        var candidate = order with { KeyExpression = "c.sort_value" };
        var hit = order with { KeyExpression = "hits.sort_value" };
        var accepted = new List<string>(conditions);
        if (hasOthers)
        {
            accepted.Add(
                """
                NOT EXISTS (SELECT 1 FROM unnest(@others::text[]) AS o(w)
                    WHERE NOT EXISTS (SELECT 1 FROM person_words x WHERE x.person_id = p.id AND search_word_matches(x.word, o.w)))
                """);
        }

        return $"""
            WITH lead_words AS MATERIALIZED (
                SELECT s.word FROM search_words s WHERE {leadWords}),
            candidates AS MATERIALIZED (
                SELECT c.person_id, c.sort_value, c.n
                FROM lead_words l CROSS JOIN LATERAL (
                    SELECT pw.person_id, {word.KeyExpression} AS sort_value,
                           row_number() OVER (ORDER BY {word.OrderBy("pw.person_id")}) AS n
                    FROM person_words pw
                    WHERE pw.word = l.word{(hasPosition ? " AND " + word.After("pw.person_id") : "")}
                    ORDER BY {word.OrderBy("pw.person_id")}
                    LIMIT @window) c),
            horizon AS (
                SELECT c.sort_value, c.person_id FROM candidates c
                WHERE c.n = @window
                ORDER BY {candidate.OrderBy("c.person_id")}
                LIMIT 1),
            hits AS (
                SELECT DISTINCT ON (c.sort_value, c.person_id) c.person_id, c.sort_value
                FROM candidates c JOIN people p ON p.id = c.person_id
                WHERE {string.Join(" AND ", accepted)}
                  AND NOT EXISTS (SELECT 1 FROM horizon h WHERE {candidate.AfterRow("c.person_id", "h.sort_value", "h.person_id")})
                ORDER BY {candidate.OrderBy("c.person_id")}
                LIMIT @take)
            SELECT (SELECT (h.sort_value)::text FROM horizon h) AS horizon_key, (SELECT h.person_id FROM horizon h) AS horizon_id,
                   {Columns}, {order.KeyAsText} AS sort_key
            FROM (SELECT 1) AS one
            LEFT JOIN (hits JOIN people p ON p.id = hits.person_id) ON true
            ORDER BY {hit.OrderBy("hits.person_id")}
            """;
    }

    /// <summary>Where a search step stopped being sure of its ranges; null when every range was read to its end.</summary>
    private sealed class StepHorizon
    {
        public string? HorizonKey { get; init; }

        public long? HorizonId { get; init; }
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
