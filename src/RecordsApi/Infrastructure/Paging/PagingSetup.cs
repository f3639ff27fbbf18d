using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Infrastructure.Paging;

public static class PagingSetup
{
    /// <summary>Signed keyset cursors and the pager every list uses; the signing key is a shared secret.</summary>
    public static IServiceCollection AddApiPaging(this IServiceCollection services)
    {
        services.AddSingleton<CursorCodec>();
        services.AddSingleton<ISharedSecret>(provider => provider.GetRequiredService<CursorCodec>());
        services.AddSingleton<KeysetPager>();
        return services;
    }
}
