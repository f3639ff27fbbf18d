using System.Text.Json.Serialization;

namespace RecordsApi.Infrastructure.Json;

public static class JsonSetup
{
    /// <summary>
    /// Strict reading: a misspelt or repeated field, a number sent as a string, or an instant without
    /// an offset, or an enum given by number is refused rather than silently ignored or guessed. The one
    /// exception: output-only members of a resource (id, version, …) sent back in its request body are
    /// ignored (<see cref="RequestBodies"/>).
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
        // Enums by name only: 0 or "0" is not a member's name. Options converters take precedence over
        // the [JsonConverter] on each enum (which stays, so its schema shows strings).
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        RequestBodies.Configure(options);
    }
}
