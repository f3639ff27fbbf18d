using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Infrastructure.RateLimits;

/// <summary>The budget a request draws on: its policy, the client it is counted for, and the quota per window.</summary>
public sealed record RateBudget(string Policy, string Client, int Quota, TimeSpan Window);

/// <summary>Where a client stands in its current window.</summary>
public sealed record RateStatus(RateBudget Budget, long Remaining, TimeSpan ResetIn);

/// <summary>
/// The limiter the ASP.NET Core rate-limiting middleware runs for every request: one fixed-window budget
/// per client and kind of request (reads, writes), the client being the API key's name or else the IP
/// address. Windows are aligned to the clock so that every response can say exactly how much is left
/// and when the budget resets. Budgets are kept in hundredths of a request, so that a 304 Not Modified
/// can cost a fraction of a full answer. With a Redis configured the counters live there, shared by every
/// instance (<see cref="SharedBudgets"/>); without one, or while it does not answer, they live here.
/// </summary>
public sealed class RateBudgets : PartitionedRateLimiter<HttpContext>
{
    private const long UnitsPerRequest = 100;
    private static readonly object BudgetKey = new();
    private static readonly object WindowKey = new();
    private static readonly object SharedUseKey = new();

    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<RateLimitOptions> options;
    private readonly TimeProvider time;
    private readonly SharedBudgets shared;
    private long sweptWindow;

    public RateBudgets(IOptionsMonitor<RateLimitOptions> options, TimeProvider time, SharedBudgets shared)
    {
        this.options = options;
        this.time = time;
        this.shared = shared;
    }

    /// <summary>The budget this request draws on, decided once per request.</summary>
    public RateBudget BudgetFor(HttpContext http)
    {
        if (http.Items[BudgetKey] is RateBudget known)
        {
            return known;
        }

        var settings = options.CurrentValue;
        var read = ApiPolicies.IsRead(http.Request.Method);
        var keyName = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var budget = (read, keyName) switch
        {
            (true, null) => new RateBudget("anonymous-read", "ip:" + ClientAddress(http), settings.AnonymousReads, settings.Window),
            (true, _) => new RateBudget("keyed-read", "key:" + keyName, settings.KeyedReads, settings.Window),
            (false, null) => new RateBudget("anonymous-write", "ip:" + ClientAddress(http), settings.AnonymousWrites, settings.Window),
            (false, _) => new RateBudget("keyed-write", "key:" + keyName, settings.KeyedWrites, settings.Window),
        };
        http.Items[BudgetKey] = budget;
        return budget;
    }

    public RateStatus StatusOf(HttpContext http)
    {
        var budget = BudgetFor(http);
        var (window, resetIn) = Clock(budget.Window);
        var used = http.Items[SharedUseKey] is long sharedUse ? sharedUse
            : counters.TryGetValue(CounterKey(budget), out var counter) ? counter.Used(window) : 0;
        var remaining = Math.Max(0, (budget.Quota * UnitsPerRequest) - used) / UnitsPerRequest;
        return new RateStatus(budget, remaining, resetIn);
    }

    /// <summary>A request answered 304 gives back what it cost beyond <see cref="RateLimitOptions.NotModifiedCost"/>.</summary>
    public async Task ChargeAsNotModifiedAsync(HttpContext http)
    {
        if (http.Items[WindowKey] is not long window)
        {
            return;
        }

        http.Items.Remove(WindowKey);
        var refund = UnitsPerRequest - (long)Math.Round(options.CurrentValue.NotModifiedCost * UnitsPerRequest);
        if (refund <= 0)
        {
            return;
        }

        if (http.Items[SharedUseKey] is long)
        {
            // Taken from the shared counter, so given back there; if Redis just went away, the refund is lost.
            http.Items[SharedUseKey] = await shared.RefundAsync(CounterKey(BudgetFor(http)), window, refund);
        }
        else if (counters.TryGetValue(CounterKey(BudgetFor(http)), out var counter))
        {
            counter.Refund(window, refund);
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        new() { CurrentAvailablePermits = StatusOf(resource).Remaining };

    /// <summary>
    /// With shared budgets the answer needs a round trip to Redis, which this synchronous attempt must not
    /// wait for: it declines without a Retry-After, and the middleware then asks <see cref="AcquireAsyncCore"/>.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        shared.IsEnabled ? new Lease(false, null) : TakeLocally(resource, permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!shared.IsEnabled)
        {
            return TakeLocally(resource, permitCount);
        }

        var budget = BudgetFor(resource);
        var (window, resetIn) = Clock(budget.Window);
        var units = permitCount * UnitsPerRequest;
        if (await shared.TryTakeAsync(CounterKey(budget), window, resetIn, units, budget.Quota * UnitsPerRequest) is not { } count)
        {
            resource.Items.Remove(SharedUseKey);
            return TakeLocally(resource, permitCount);
        }

        resource.Items[SharedUseKey] = count.Used;
        if (!count.Taken)
        {
            return new Lease(false, resetIn);
        }

        if (units > 0)
        {
            resource.Items[WindowKey] = window;
        }

        return new Lease(true, null);
    }

    private Lease TakeLocally(HttpContext resource, int permitCount)
    {
        var budget = BudgetFor(resource);
        var (window, resetIn) = Clock(budget.Window);
        Sweep(window);
        var counter = counters.GetOrAdd(CounterKey(budget), static _ => new Counter());
        if (!counter.TryTake(window, permitCount * UnitsPerRequest, budget.Quota * UnitsPerRequest))
        {
            return new Lease(false, resetIn);
        }

        if (permitCount > 0)
        {
            resource.Items[WindowKey] = window;
        }

        return new Lease(true, null);
    }

    /// <summary>The window the clock is in (counted from the Unix epoch) and the time left in it.</summary>
    private (long Window, TimeSpan ResetIn) Clock(TimeSpan length)
    {
        var elapsed = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks;
        return (elapsed / length.Ticks, TimeSpan.FromTicks(length.Ticks - (elapsed % length.Ticks)));
    }

    private static string CounterKey(RateBudget budget) => budget.Policy + "|" + budget.Client;

    /// <summary>
    /// Forgets counters of past windows, once per window, so memory follows the clients of the current
    /// window only. A request racing the sweep may be counted on a counter just forgotten: at worst a
    /// client gets one request more at the turn of a window.
    /// </summary>
    private void Sweep(long window)
    {
        var swept = Interlocked.Read(ref sweptWindow);
        if (swept == window || Interlocked.CompareExchange(ref sweptWindow, window, swept) != swept)
        {
            return;
        }

        foreach (var (key, counter) in counters)
        {
            if (counter.IsBefore(window))
            {
                counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            }
        }
    }

    /// <summary>The client's address; an IPv6 client is counted by its /64, which one subscriber usually holds whole.</summary>
    private static string ClientAddress(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes).ToString() + "/64";
        }

        return address.ToString();
    }

    /// <summary>Units used in one client's current window.</summary>
    private sealed class Counter
    {
        private readonly Lock gate = new();
        private long window;
        private long used;

        public bool TryTake(long currentWindow, long units, long capacity)
        {
            lock (gate)
            {
                Roll(currentWindow);
                if (units == 0)
                {
                    return used < capacity;
                }

                if (used + units > capacity)
                {
                    return false;
                }

                used += units;
                return true;
            }
        }

        public long Used(long currentWindow)
        {
            lock (gate)
            {
                Roll(currentWindow);
                return used;
            }
        }

        public void Refund(long inWindow, long units)
        {
            lock (gate)
            {
                if (window == inWindow)
                {
                    used = Math.Max(0, used - units);
                }
            }
        }

        public bool IsBefore(long currentWindow)
        {
            lock (gate)
            {
                return window < currentWindow;
            }
        }

        private void Roll(long currentWindow)
        {
            if (window != currentWindow)
            {
                window = currentWindow;
                used = 0;
            }
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }

    internal static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
