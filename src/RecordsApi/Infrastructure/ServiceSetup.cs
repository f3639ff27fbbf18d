using RecordsApi.Infrastructure.Paging;

namespace RecordsApi.Infrastructure;

public static class ServiceSetup
{
    /// <summary>The small shared services resources use: paging.</summary>
    public static IServiceCollection AddApiPaging(this IServiceCollection services)
    {
        services.AddSingleton<CursorCodec>();
        services.AddSingleton<KeysetPager>();
        return services;
    }
}
