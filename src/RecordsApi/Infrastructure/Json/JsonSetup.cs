using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecordsApi.Infrastructure.Json;

public static class JsonSetup
{
    /// <summary>
    /// Strict reading: a misspelt or repeated field, a number sent as a string, or an instant without
    /// an offset is refused rather than silently ignored or guessed.
    /// </summary>
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.MaxDepth = 32;
        options.Converters.Add(new UtcInstantConverter());
        options.Converters.Add(new UtcDateTimeConverter());
    }
}
