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

    /// <summary>The columns of person_words that hold each order's key (the same values as <see cref="Orders"/>' expressions).</summary>
    private static readonly Dictionary<string, string> WordKeys = new(StringComparer.Ordinal)
    {
        ["name"] = "pw.name",
        ["-name"] = "pw.name",
        ["birthDate"] = "pw.birth_asc",
        ["-birthDate"] = "pw.birth_desc",
    };

    /// <summary>
    /// The most words a query's lead word may expand to for a search to merge their people; one that
    /// matches more (a word of one or two letters) matches so many people that walking the list is faster.
    /// </summary>
    internal const int MaxMergedWords = 100;

    public static async Task<List<PersonRow>> ListAsync(
        NpgsqlConnection connection, PeopleQuery query, KeysetOrder order, KeysetPosition? after, int take, CancellationToken ct)
    {
        var conditions = new SqlConditions("p.deleted_at IS NULL")
            .When(query.Nationality is not null, "p.nationality = @nationality")
            .When(query.Occupation is not null, "p.occupations @> ARRAY[@occupation]::text[]");

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
            if (await ExpandAsync(connection, query.Q.Trim(), ct) is not { } search)
            {
                return [];
            }

            if (search.LeadWords.Count <= MaxMergedWords)
            {
                return await MergeAsync(connection, search, conditions, parameters, order, after, ct);
            }

            // A lead word matching very many words matches very many people: walk the list, testing each.
            parameters.Add("tested", search.Words);
            conditions.Add(HasEveryWord("p.id"));
        }

        conditions.When(after is not null, order.After("p.id"));
        return await PageAsync(connection, order, "people p", conditions, order.OrderBy("p.id"), parameters, ct);
    }

    /// <summary>One page of people: <paramref name="from"/> (where p is the person), filtered, ordered, cut at @take.</summary>
    private static async Task<List<PersonRow>> PageAsync(
        NpgsqlConnection connection, KeysetOrder order, string from, SqlConditions conditions, string orderBy, DynamicParameters parameters, CancellationToken ct) =>
        (await connection.QueryAsync<PersonRow>(new CommandDefinition(
            $"""
            SELECT {Columns}, {order.KeyAsText} AS sort_key
            FROM {from}
            WHERE {conditions}
            ORDER BY {orderBy}
            LIMIT @take
            """,
            parameters,
            cancellationToken: ct))).AsList();

    /// <summary>The words of q, its longest (the lead), and the words of names the lead matches.</summary>
    private sealed record Search(string[] Words, string Lead, List<string> LeadWords);

    /// <summary>
    /// A fuzzy search matches a person when every word of q matches a word of their name or native name
    /// (search_word_matches, 0041_people_search_words.sql). Its longest word leads: the words of names
    /// it matches (search_words, by trigram index) say where its people are. Null when nobody can match.
    /// </summary>
    private static async Task<Search?> ExpandAsync(NpgsqlConnection connection, string q, CancellationToken ct)
    {
        var words = await connection.ExecuteScalarAsync<string[]>(new CommandDefinition("SELECT search_words_of(@q)", new { q }, cancellationToken: ct)) ?? [];
        if (words.Length == 0)
        {
            return null;
        }

        var lead = words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).First();
        // Words are stored in the C collation, so a prefix is a range of the primary key; longer words
        // also go through the trigram index, for substrings and misspellings (search_word_matches).
        var leadWords = (await connection.QueryAsync<string>(new CommandDefinition(
            lead.Length >= 3
                ? "SELECT word FROM search_words WHERE word LIKE @pattern OR @lead <<% word LIMIT @limit"
                : "SELECT word FROM search_words WHERE word LIKE @pattern LIMIT @limit",
            new { lead, pattern = lead.Length >= 3 ? $"%{lead}%" : $"{lead}%", limit = MaxMergedWords + 1 }, cancellationToken: ct))).AsList();
        return leadWords.Count == 0 ? null : new Search(words, lead, leadWords);
    }

    /// <summary>
    /// A page of a search in list order: the people having each lead word come out of person_words
    /// already in list order, one index range a word; PostgreSQL merges the ranges as it reads them,
    /// tests the other words on person_words and the filters on the person, and stops at a full page,
    /// so a page costs about a page whatever the number of matches (docs/performance.md).
    /// </summary>
    private static async Task<List<PersonRow>> MergeAsync(
        NpgsqlConnection connection, Search search, SqlConditions conditions, DynamicParameters parameters, KeysetOrder order, KeysetPosition? after, CancellationToken ct)
    {
        // Merged ranges hold only people with a lead word: the other words remain to be tested.
        parameters.Add("tested", search.Words.Where(w => w != search.Lead).ToArray());
        var word = order with { KeyExpression = WordKeys[order.Name] };
        var ranges = new List<string>(search.LeadWords.Count);
        for (var i = 0; i < search.LeadWords.Count; i++)
        {
            parameters.Add($"w{i}", search.LeadWords[i]);
            ranges.Add($"""
                (SELECT pw.person_id, {word.KeyExpression} AS sort_value FROM person_words pw
                 WHERE pw.word = @w{i}{(after is null ? "" : " AND " + word.After("pw.person_id"))}
                 ORDER BY {word.OrderBy("pw.person_id")})
                """);
        }

        var range = order with { KeyExpression = "r.sort_value" };
        var merged = order with { KeyExpression = "m.sort_value" };
        var from = $"""
            (
                SELECT DISTINCT ON (r.sort_value, r.person_id) r.person_id, r.sort_value
                FROM ({string.Join("\nUNION ALL\n", ranges)}) r
                WHERE {HasEveryWord("r.person_id")}
                ORDER BY {range.OrderBy("r.person_id")}) m
            JOIN people p ON p.id = m.person_id
            """;
        return await PageAsync(connection, order, from, conditions, merged.OrderBy("m.person_id"), parameters, ct);
    }

    /// <summary>The person has a word matching each of @tested.</summary>
    private static string HasEveryWord(string personId) => $"""
        NOT EXISTS (SELECT 1 FROM unnest(@tested::text[]) AS t(w)
            WHERE NOT EXISTS (SELECT 1 FROM person_words x WHERE x.person_id = {personId} AND search_word_matches(x.word, t.w)))
        """;

    public static Task<PersonRow?> FindAsync(
        IDbConnection connection, ResourceRef reference, IDbTransaction? transaction = null, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<PersonRow>(new CommandDefinition(
            $"SELECT {Columns} FROM people p WHERE {ResourceRef.Condition("p")} AND p.deleted_at IS NULL",
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
