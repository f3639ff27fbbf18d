using System.Globalization;
using System.Text.Json.Serialization;

namespace RecordsApi.Infrastructure.Json;

/// <summary>
/// Instants are RFC 3339 to the second. On input the offset is mandatory: a local time without a zone
/// is refused, never guessed; a fraction of a second is accepted only when it is zero (JavaScript's
/// toISOString sends .000), since a fraction the service kept would be one it could not show. On output
/// they are always UTC with a Z and no fraction, so every instant has the same length and instants sort
/// as text. Timestamps the database makes (createdAt, changedAt, …) are cut to the second.
/// </summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = Parse(ref reader);
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new JsonException(
                "must be whole seconds (the service keeps instants to the second), such as 2021-10-17T04:35:44Z; a zero fraction such as .000 is accepted");
        }

        return value;
    }

    /// <summary>An RFC 3339 instant with its offset, in UTC, fraction and all.</summary>
    internal static DateTimeOffset Parse(ref Utf8JsonReader reader)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || !HasOffset(text)
            || !DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException(
                "must be an RFC 3339 instant with a UTC offset, such as 2021-10-17T04:35:00Z or 2021-10-17T10:35:00+06:00");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value.UtcDateTime));

    /// <summary>Always the same shape, to the second (cut, not rounded, so no instant is shown later than it was).</summary>
    internal static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}

/// <summary>
/// Timestamps the service makes (timestamptz from PostgreSQL, Kind = Utc), written the same way as instants.
/// Read back (from documents, examples) they may carry a fraction, which is cut as on output.
/// </summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var utc = UtcInstantConverter.Parse(ref reader).UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(UtcInstantConverter.Format(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value));
}
