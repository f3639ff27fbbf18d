using StackExchange.Redis;

namespace RecordsApi.Infrastructure.RateLimits;

/// <summary>What a shared counter said: whether the units were taken, and how many the window has used since.</summary>
public readonly record struct SharedCount(bool Taken, long Used);

/// <summary>
/// The budgets of a fleet, counted in one Redis (ConnectionStrings:Redis) so that every instance draws on
/// the same window, and a restarted instance finds what was already spent. Without the setting there is
/// nothing to share and <see cref="RateBudgets"/> counts in memory. Each window of each client is one key,
/// named after the window's number, that expires shortly after the window ends; one script checks and
/// takes in a single step, so two instances can never both take the last request.
/// When Redis does not answer, the instance counts on its own again (<see cref="TryTakeAsync"/> answers
/// null) and says so in the log: a limiter that is down should not take the API down with it
/// (docs/security.md, "Rate limits in a fleet").
/// </summary>
public sealed class SharedBudgets : IDisposable
{
    private const string KeyPrefix = "records-api:rate:";

    // KEYS[1] the window's counter; ARGV: units to take, capacity, milliseconds the key should live.
    // Units 0 only asks whether anything is left.
    private const string TakeScript = """
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        local units = tonumber(ARGV[1])
        if units == 0 then return { used < tonumber(ARGV[2]) and 1 or 0, used } end
        if used + units > tonumber(ARGV[2]) then return { 0, used } end
        used = redis.call('INCRBY', KEYS[1], units)
        if used == units then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        return { 1, used }
        """;

    // KEYS[1] the window's counter; ARGV[1] units to give back. Never below zero, never revives an expired window.
    private const string RefundScript = """
        local used = tonumber(redis.call('GET', KEYS[1]) or '-1')
        if used < 0 then return 0 end
        local left = math.max(0, used - tonumber(ARGV[1]))
        redis.call('SET', KEYS[1], left, 'KEEPTTL')
        return left
        """;

    /// <summary>Kept after its window ends, so instances whose clocks differ by a little still count in the same key.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private readonly ConnectionMultiplexer? redis;
    private readonly ILogger<SharedBudgets> logger;
    private int unreachable;

    public SharedBudgets(IConfiguration configuration, ILogger<SharedBudgets> logger)
    {
        this.logger = logger;
        if (configuration.GetConnectionString("Redis") is not { Length: > 0 } connectionString)
        {
            return;
        }

        var options = ConfigurationOptions.Parse(connectionString);
        // Start even while Redis is down, and reconnect in the background; while it is down a command
        // fails at once instead of waiting in a backlog, so the request is counted locally, not held up.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 1000;
        }

        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2000;
        }

        redis = ConnectionMultiplexer.Connect(options);
        Where = string.Join(",", options.EndPoints.Select(e => e.ToString()));
        logger.LogInformation("Rate budgets are shared through Redis at {Redis}", Where);
    }

    /// <summary>Whether a Redis is configured: budgets are meant to be shared.</summary>
    public bool IsEnabled => redis is not null;

    /// <summary>The Redis endpoints, for the log.</summary>
    public string Where { get; } = "";

    /// <summary>
    /// Takes <paramref name="units"/> from the window's shared counter if it has them; null when Redis
    /// cannot be reached, and the caller counts on its own.
    /// </summary>
    public async Task<SharedCount?> TryTakeAsync(string counter, long window, TimeSpan resetIn, long units, long capacity)
    {
        if (redis is null)
        {
            return null;
        }

        try
        {
            var lifetime = (long)(resetIn + Slack).TotalMilliseconds;
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [KeyOf(counter, window)], [units, capacity, lifetime]))!;
            Reachable();
            return new SharedCount((long)result[0] == 1, (long)result[1]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
            return null;
        }
    }

    /// <summary>Gives <paramref name="units"/> back to the window's shared counter; the window's use after it, or null when Redis cannot be reached.</summary>
    public async Task<long?> RefundAsync(string counter, long window, long units)
    {
        if (redis is null)
        {
            return null;
        }

        try
        {
            var left = (long)(await redis.GetDatabase().ScriptEvaluateAsync(RefundScript, [KeyOf(counter, window)], [units]));
            Reachable();
            return left;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
            return null;
        }
    }

    public void Dispose() => redis?.Dispose();

    private static RedisKey KeyOf(string counter, long window) => $"{KeyPrefix}{counter}|{window}";

    /// <summary>One warning when Redis stops answering, one note when it answers again: not one line per request.</summary>
    private void Unreachable(Exception e)
    {
        if (Interlocked.Exchange(ref unreachable, 1) == 0)
        {
            logger.LogWarning(e, "Redis at {Redis} does not answer: each instance counts rate budgets on its own until it does, so a fleet of N instances admits up to N times a budget", Where);
        }
    }

    private void Reachable()
    {
        if (Interlocked.Exchange(ref unreachable, 0) == 1)
        {
            logger.LogWarning("Redis at {Redis} answers again: rate budgets are shared by the fleet again", Where);
        }
    }
}
