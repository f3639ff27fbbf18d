using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace RecordsApi.Infrastructure.Json;

/// <summary>JSON Merge Patch (RFC 7396): the media type, reading a patch, and applying it to a document.</summary>
public static class MergePatch
{
    public const string MediaType = "application/merge-patch+json";

    /// <summary>As the request bodies are read: no member twice, nesting bounded.</summary>
    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>Whether the request says its body is a merge patch (in UTF-8, the only charset JSON has).</summary>
    public static bool IsMergePatch(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase)
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the body as a JSON document; malformed JSON throws a <see cref="JsonException"/> that says where.</summary>
    public static Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        JsonDocument.ParseAsync(request.Body, Reading, cancellationToken);

    /// <summary>
    /// The RFC 7396 algorithm: an object patch merges member by member (null removes one, an object merges
    /// into the current one); anything else replaces the target whole, arrays included.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return Copy(patch);
        }

        var result = target as JsonObject ?? [];
        foreach (var member in patch.EnumerateObject())
        {
            // Detached from its parent, the current value can be merged into and put back.
            result.TryGetPropertyValue(member.Name, out var current);
            result.Remove(member.Name);
            if (member.Value.ValueKind != JsonValueKind.Null)
            {
                result[member.Name] = Apply(current, member.Value);
            }
        }

        return result;
    }

    private static JsonNode? Copy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(value),
    };
}
