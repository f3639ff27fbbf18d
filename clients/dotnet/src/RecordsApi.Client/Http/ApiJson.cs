using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecordsApi.Client;

/// <summary>The service's JSON: camelCase members, enums by their wire names, null members left out of requests.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The wire name of an enum value, as query strings and paths take it (80km, -birthDate, flight-engineer).</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        JsonSerializer.Serialize(value, Options).Trim('"');
}
