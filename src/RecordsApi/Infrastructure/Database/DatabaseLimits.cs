using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// How much database work the service takes on (configuration section "Database"). The connection
/// pool is the cap on concurrent database work: when every connection is busy, a request waits up
/// to <see cref="ConnectionWait"/> for one and then answers 503 with Retry-After, so overload sheds
/// load instead of piling it onto PostgreSQL. No single statement runs longer than
/// <see cref="StatementTimeout"/>.
/// </summary>
public sealed class DatabaseLimits
{
    public const string Section = "Database";

    /// <summary>PostgreSQL's statement_timeout for every statement the API runs (migrations are exempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most connections (so statements) at once, per instance of the service. By default twice the
    /// processors the service sees, at least 4: on two cores shared with PostgreSQL, 4 connections kept
    /// a leaderboard's p99 under 50 ms where 16 let it reach 100–300 ms at the same throughput, since
    /// every extra backend only competes for the same cores (docs/performance.md, change 11).
    /// </summary>
    [Range(1, 1000)]
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    public static int DefaultMaxConnections => Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>
    /// Most connections for lists, leaderboards and the export, in a pool of their own beside the primary's
    /// <see cref="MaxConnections"/> (and as many again on the read server when there is one). By default
    /// <see cref="MaxConnections"/>: a table locked for seconds then holds up only the reads of that pool, never writes
    /// or reads by id (docs/performance.md, change 13).
    /// </summary>
    [Range(1, 1000)]
    public int? ReadConnections { get; set; }

    /// <summary>
    /// Most connections for fuzzy searches, in a pool of their own. By default half <see cref="MaxConnections"/> plus one,
    /// at least 3: the searches of one resource may hold all but one (<see cref="PoolShares"/>), so two run at once
    /// on two cores, as before the shares, while another resource's search still finds a connection.
    /// </summary>
    [Range(1, 1000)]
    public int? SearchConnections { get; set; }

    public int ReadPoolSize => ReadConnections ?? MaxConnections;

    public int SearchPoolSize => SearchConnections ?? Math.Max(3, (MaxConnections / 2) + 1);

    /// <summary>How long a request waits for a free connection (whole seconds, at least 1) before 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectionWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long into a database outage a read that lost its connection still waits for the server to come
    /// back before running again (<see cref="ReadRetry"/>): longer than a restart takes, well inside the request timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReadRetryWait { get; set; } = TimeSpan.FromSeconds(5);

    public static DatabaseLimits From(IConfiguration configuration)
    {
        var limits = configuration.GetSection(Section).Get<DatabaseLimits>() ?? new DatabaseLimits();
        Validator.ValidateObject(limits, new ValidationContext(limits), validateAllProperties: true);
        return limits;
    }

    public void ApplyTo(NpgsqlConnectionStringBuilder connection)
    {
        connection.MaxPoolSize = MaxConnections;
        connection.MinPoolSize = Math.Min(connection.MinPoolSize, MaxConnections);
        // Npgsql waits this long both to open a connection and for a free one in the pool.
        connection.Timeout = (int)Math.Ceiling(ConnectionWait.TotalSeconds);
        var timeout = ((long)StatementTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        connection.Options = string.Join(' ', new[] { connection.Options, $"-c statement_timeout={timeout}" }.Where(o => !string.IsNullOrWhiteSpace(o)));
    }
}
