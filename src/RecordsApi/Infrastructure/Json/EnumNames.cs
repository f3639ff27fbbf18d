using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace RecordsApi.Infrastructure.Json;

/// <summary>
/// An enum's names as clients see them (its [JsonStringEnumMemberName], else the camelCase member
/// name), for the text columns that store them and for messages that list them.
/// </summary>
public static class EnumNames
{
    public static string WireName<T>(this T value)
        where T : struct, Enum => Cache<T>.Names[value];

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Cache<T>.All;

    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        value = default;
        return name is not null && Cache<T>.Values.TryGetValue(name, out value);
    }

    /// <summary>A name read back from the database, which only ever stores valid ones.</summary>
    public static T Parse<T>(string name)
        where T : struct, Enum =>
        TryParse<T>(name, out var value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(name), name, $"Not a {typeof(T).Name}: expected one of {string.Join(", ", All<T>())}.");

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Names = Enum.GetValues<T>().ToFrozenDictionary(value => value, NameOf);
        public static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<T>().Select(value => Names[value])];

        private static string NameOf(T value)
        {
            var field = typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static);
            return field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
        }
    }
}
