using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// When a read may use the read server (ConnectionStrings:PostgresRead), which may lag the primary by the
/// replication delay. Only endpoints marked <see cref="ReadRoutingEndpoints.WithReplicaReads{TBuilder}"/> (lists, searches,
/// leaderboards, the export) ever read there, and a request of theirs reads on the primary instead when:
/// <list type="bullet">
/// <item>it is conditional (If-None-Match or If-Match): a validator the client got from the primary is never
/// compared with an older state, so a 304 never hides a write and an ETag never goes backwards;</item>
/// <item>it asks not to be served from a cache (Cache-Control: no-cache or max-age=0): "the latest, please";</item>
/// <item>its API key made a write request through this instance within <see cref="ReadRoutingOptions.ReadYourWritesWindow"/>:
/// a client reads its own writes.</item>
/// </list>
/// Writes, reads by id or slug, histories, the changes feed, keys, idempotency, migrations and start-up always use
/// the primary. The choice is made once per request, so the ETag and the answer come from the same server.
/// A read server that cannot be reached is left alone for <see cref="ReadRoutingOptions.ReplicaRecheck"/>, and its
/// reads go to the primary meanwhile (docs/guarantees.md, "Read replicas").
/// </summary>
public sealed partial class ReadRouting(bool hasReplica, ReadRoutingOptions options, TimeProvider time, IServiceProvider services, ILogger<ReadRouting> logger)
{
    private const int MaxRememberedWriters = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> recentWriters = new(StringComparer.Ordinal);
    private long downUntilTicks;

    public bool HasReplica => hasReplica;

    /// <summary>False for <see cref="ReadRoutingOptions.ReplicaRecheck"/> after the read server could not be reached.</summary>
    public bool ReplicaUp => time.GetUtcNow().UtcTicks >= Interlocked.Read(ref downUntilTicks);

    /// <summary>True when an endpoint may read from the read pools at all (<see cref="ReadRoutingEndpoints.WithReplicaReads{TBuilder}"/>).</summary>
    public static bool MayReadElsewhere(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<ReplicaReads>() is not null;

    /// <summary>Whether this request reads on the read server: decided on first asking, then the same for the whole request.</summary>
    public bool UsesReplica(HttpContext http)
    {
        if (!hasReplica)
        {
            return false;
        }

        if (http.Features.Get<ReplicaChoice>() is not { } choice)
        {
            choice = new ReplicaChoice { Replica = ReplicaUp && !MustSeeLatest(http) };
            http.Features.Set(choice);
        }

        return choice.Replica;
    }

    /// <summary>The read server failed: reads go to the primary for a while, starting with the request that saw it fail.</summary>
    public void ReplicaFailed(Exception exception)
    {
        var now = time.GetUtcNow();
        var wasUp = ReplicaUp;
        Interlocked.Exchange(ref downUntilTicks, (now + options.ReplicaRecheck).UtcTicks);
        if (wasUp)
        {
            // Its pooled connections are dead or soon will be: the next try after the pause opens fresh ones.
            services.GetRequiredKeyedService<NpgsqlDataSource>(Databases.ReplicaReads).Clear();
            services.GetRequiredKeyedService<NpgsqlDataSource>(Databases.ReplicaSearches).Clear();
            LogReplicaDown(logger, options.ReplicaRecheck.TotalSeconds, exception.Message);
        }
    }

    private bool MustSeeLatest(HttpContext http)
    {
        var headers = http.Request.Headers;
        if (headers.IfNoneMatch.Count > 0 || headers.IfMatch.Count > 0)
        {
            return true;
        }

        if (headers.CacheControl.Any(value => value is not null
            && (value.Contains("no-cache", StringComparison.OrdinalIgnoreCase) || value.Contains("max-age=0", StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        return http.User.Identity is { IsAuthenticated: true, Name: { } writer }
            && recentWriters.TryGetValue(writer, out var until) && until > time.GetUtcNow();
    }

    internal void Wrote(HttpContext http)
    {
        if (http.User.Identity is not { IsAuthenticated: true, Name: { } writer })
        {
            return;
        }

        var now = time.GetUtcNow();
        if (recentWriters.Count >= MaxRememberedWriters)
        {
            foreach (var (name, until) in recentWriters)
            {
                if (until <= now)
                {
                    recentWriters.TryRemove(name, out _);
                }
            }
        }

        recentWriters[writer] = now + options.ReadYourWritesWindow;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The read server is unreachable ({Reason}); reads use the primary for the next {Seconds} s.")]
    private static partial void LogReplicaDown(ILogger logger, double seconds, string reason);

}

/// <summary>The read server or the primary, as chosen for one request (<see cref="ReadRouting.UsesReplica"/>).</summary>
internal sealed class ReplicaChoice
{
    public bool Replica { get; set; }
}

/// <summary>Marks an endpoint whose reads may use the read pools and the read server.</summary>
internal sealed class ReplicaReads
{
    public static readonly ReplicaReads Instance = new();
}

/// <summary>How endpoints take part in <see cref="ReadRouting"/>.</summary>
public static class ReadRoutingEndpoints
{
    /// <summary>Marks an endpoint whose reads may use the read pools and the read server.</summary>
    public static TBuilder WithReplicaReads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ReplicaReads.Instance);

    /// <summary>
    /// For every endpoint of the group: a write request starts its key's read-your-writes window, and a read
    /// whose read server fails under it (a pooled connection the server dropped) runs once more on the primary.
    /// </summary>
    public static RouteGroupBuilder WithReadRouting(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var routing = http.RequestServices.GetRequiredService<ReadRouting>();
            if (!routing.HasReplica)
            {
                return await next(context);
            }

            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            {
                routing.Wrote(http);
                return await next(context);
            }

            try
            {
                return await next(context);
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) && exception is not PoolShareExhaustedException
                && http.Features.Get<ReplicaChoice>() is { Replica: true } choice
                && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
            {
                routing.ReplicaFailed(exception);
                choice.Replica = false;
                return await next(context);
            }
        });
        return group;
    }
}

/// <summary>How reads use the read server (configuration section "Database"; see <see cref="ReadRouting"/>).</summary>
public sealed class ReadRoutingOptions
{
    /// <summary>How long after a write request its API key reads only from the primary.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReadYourWritesWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long reads stay on the primary after the read server could not be reached.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReplicaRecheck { get; set; } = TimeSpan.FromSeconds(10);

    public static ReadRoutingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseLimits.Section).Get<ReadRoutingOptions>() ?? new ReadRoutingOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
