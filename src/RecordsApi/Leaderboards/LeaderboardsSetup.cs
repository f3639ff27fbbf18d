using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecordsApi.Leaderboards;

public static class LeaderboardsSetup
{
    /// <summary>What the leaderboards need beyond the database: the coverage they report, remembered briefly.</summary>
    public static IServiceCollection AddLeaderboards(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CoverageCache>();
        return services;
    }
}
