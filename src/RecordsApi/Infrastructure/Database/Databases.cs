namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Which pool a request reads from (the pools: <see cref="DatabaseSetup.AddDatabase"/>). Reads by id or slug take
/// the primary's pool directly; lists, leaderboards and the export, the endpoints marked
/// <see cref="ReadRoutingEndpoints.WithReplicaReads{TBuilder}"/>, ask here, and get:
/// <list type="bullet">
/// <item>the read server (ConnectionStrings:PostgresRead) when there is one and <see cref="ReadRouting"/> lets the
/// request read there, falling back to the primary's server when the read server cannot be reached;</item>
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
    public ReadDatabase ForRead(HttpContext http) => For(http, search: false);

    /// <summary>Where a list reads: the unprepared pools when it searches (<paramref name="q"/> given).</summary>
    public ReadDatabase ForList(HttpContext http, string? q) => For(http, search: q is not null);

    private ReadDatabase For(HttpContext http, bool search)
    {
        if (!ReadRouting.MayReadElsewhere(http))
        {
            return primary;
        }

        var onPrimary = search ? searches : reads;
        return routing.UsesReplica(http) && (search ? replicaSearches : replicaReads) is { } replica
            ? new ReadDatabase(replica, onPrimary, routing)
            : onPrimary;
    }
}

/// <summary>
/// The database a read opens its connection on: one pool, or a read server's pool with the primary's to
/// fall back on when the read server cannot be reached (the read then succeeds, only slower).
/// </summary>
public sealed class ReadDatabase
{
    private readonly NpgsqlDataSource source;
    private readonly NpgsqlDataSource? fallback;
    private readonly ReadRouting? routing;

    public ReadDatabase(NpgsqlDataSource source) => this.source = source;

    public ReadDatabase(NpgsqlDataSource replica, NpgsqlDataSource primary, ReadRouting routing) =>
        (source, fallback, this.routing) = (replica, primary, routing);

    /// <summary>A pool of the primary, as is: what reads that must not lag use.</summary>
    public static implicit operator ReadDatabase(NpgsqlDataSource primary) => FromDataSource(primary);

    public static ReadDatabase FromDataSource(NpgsqlDataSource primary) => new(primary);

    /// <summary>Opens a connection for <paramref name="http"/>, within its share of the pool (<see cref="PoolShares"/>).</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (fallback is null || routing is null)
        {
            return await source.OpenForAsync(http, cancellationToken);
        }

        if (!routing.ReplicaUp)
        {
            return await fallback.OpenForAsync(http, cancellationToken);
        }

        try
        {
            return await source.OpenForAsync(http, cancellationToken);
        }
        catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) && exception is not PoolShareExhaustedException && !cancellationToken.IsCancellationRequested)
        {
            routing.ReplicaFailed(exception);
            return await fallback.OpenForAsync(http, cancellationToken);
        }
    }
}
