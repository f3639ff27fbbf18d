namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Which pool a request reads from (the pools: <see cref="DatabaseSetup.AddDatabase"/>). Reads by id or slug take
/// the primary's pool directly; lists, leaderboards and the export, the endpoints marked
/// <see cref="ReadRoutingEndpoints.WithReplicaReads{TBuilder}"/>, ask here, and get:
/// <list type="bullet">
/// <item>the read server (ConnectionStrings:PostgresRead) when there is one and <see cref="ReadRouting"/> lets the
/// request read there (when the read server cannot be reached, <see cref="ReadRoutingEndpoints.WithReadRouting"/>
/// runs the request again on the primary's server);</item>
/// <item>otherwise the read pools on the primary's server, apart from the writes' pool.</item>
/// </list>
/// Either way a fuzzy search gets a pool that never prepares statements. The main pool prepares the
/// statements it runs often, which lets PostgreSQL switch them to one generic plan for any parameters:
/// right for lookups, pages and leaderboards, wrong for a fuzzy search, whose plan depends on the words
/// searched (generically planned, the expansion of a word into the words it matches scans every word
/// instead of using the trigram index: 0.1 ms became 4 ms at 974 words, and searches fell from 400 to 229
/// a second). Searches are therefore planned for their own words (the people search is one call of search_people,
/// which plans its statements for the words of each search: 07_people_search.sql).
/// </summary>
public sealed class Databases(
    NpgsqlDataSource primary,
    [FromKeyedServices(Databases.Reads)] NpgsqlDataSource reads,
    [FromKeyedServices(Databases.Searches)] NpgsqlDataSource searches,
    ReadRouting routing,
    IServiceProvider services)
{
    public const string Reads = "reads";
    public const string Searches = "searches";
    public const string ReplicaReads = "replica reads";
    public const string ReplicaSearches = "replica searches";

    private readonly NpgsqlDataSource? replicaReads = routing.HasReplica ? services.GetRequiredKeyedService<NpgsqlDataSource>(ReplicaReads) : null;
    private readonly NpgsqlDataSource? replicaSearches = routing.HasReplica ? services.GetRequiredKeyedService<NpgsqlDataSource>(ReplicaSearches) : null;

    /// <summary>Where the reads of <paramref name="http"/> go, when it does not search.</summary>
    public NpgsqlDataSource ForRead(HttpContext http) => For(http, search: false);

    /// <summary>Where a list reads: the unprepared pools when it searches (<paramref name="q"/> given).</summary>
    public NpgsqlDataSource ForList(HttpContext http, string? q) => For(http, search: q is not null);

    private NpgsqlDataSource For(HttpContext http, bool search)
    {
        if (!ReadRouting.MayReadElsewhere(http))
        {
            return primary;
        }

        var onPrimary = search ? searches : reads;
        return routing.UsesReplica(http) && (search ? replicaSearches : replicaReads) is { } replica ? replica : onPrimary;
    }
}
