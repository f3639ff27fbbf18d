using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RecordsApi.Infrastructure.Telemetry;

namespace RecordsApi.Infrastructure.RateLimits;

public static class RateLimitSetup
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SharedBudgets>();
        services.AddSingleton<RateBudgets>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateBudgets>((options, budgets) =>
        {
            options.GlobalLimiter = budgets;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context, budgets);
        });
        return services;
    }

    /// <summary>
    /// Counts every request against its budget (after authentication, which decides whose budget it
    /// is) and tells the client where it stands, in the RateLimit-Policy and RateLimit header fields of
    /// draft-ietf-httpapi-ratelimit-headers, on every response, 429s included.
    /// </summary>
    public static IApplicationBuilder UseApiRateLimits(this IApplicationBuilder app)
    {
        var budgets = app.ApplicationServices.GetRequiredService<RateBudgets>();
        app.Use((http, next) =>
        {
            http.Response.OnStarting(async () =>
            {
                if (http.Response.StatusCode == StatusCodes.Status304NotModified)
                {
                    await budgets.ChargeAsNotModifiedAsync(http);
                }

                WriteHeaders(http.Response.Headers, budgets.StatusOf(http));
            });
            return next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>RateLimit-Policy: "keyed-read";q=3000;w=60 and RateLimit: "keyed-read";r=2999;t=42.</summary>
    internal static void WriteHeaders(IHeaderDictionary headers, RateStatus status)
    {
        var policy = status.Budget.Policy;
        headers["RateLimit-Policy"] = $"\"{policy}\";q={status.Budget.Quota};w={RateBudgets.Seconds(status.Budget.Window)}";
        headers["RateLimit"] = $"\"{policy}\";r={status.Remaining};t={RateBudgets.Seconds(status.ResetIn)}";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, RateBudgets budgets)
    {
        var http = context.HttpContext;
        var status = budgets.StatusOf(http);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : status.ResetIn;
        http.Response.Headers.RetryAfter = RateBudgets.Seconds(retryAfter);
        var budget = status.Budget;
        http.RequestServices.GetRequiredService<ApiMetrics>().RateLimited(budget.Policy);
        var kind = budget.Policy.EndsWith("read", StringComparison.Ordinal) ? "reads" : "writes";
        var whose = budget.Client.StartsWith("key:", StringComparison.Ordinal) ? $"the key '{budget.Client[4..]}'" : "your address";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"{whose[..1].ToUpperInvariant()}{whose[1..]} has used its {budget.Quota} {kind} per {RateBudgets.Seconds(budget.Window)} s. "
                    + $"Retry after {RateBudgets.Seconds(retryAfter)} s (Retry-After); the RateLimit header shows what is left."
                    + (budget.Client.StartsWith("ip:", StringComparison.Ordinal) ? " Clients with an API key get larger budgets." : ""),
            },
        });
    }
}
