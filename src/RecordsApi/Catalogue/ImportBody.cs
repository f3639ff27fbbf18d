using System.Reflection;
using System.Text;
using RecordsApi.Infrastructure.Docs;

namespace RecordsApi.Catalogue;

/// <summary>
/// The NDJSON body of an import, read whole as text. Being the endpoint's body type, it is what an
/// Idempotency-Key's request hash covers, so a retry must send the same lines.
/// </summary>
[TextBody(CatalogueSettings.MaxImportBytes, "NDJSON: one JSON object a line (a catalogue, person, mission or record line), as GET /v1/export writes them.")]
public sealed class ImportBody : IBindableFromHttpContext<ImportBody>
{
    public const string ContentType = "application/x-ndjson";

    public string Text { get; init; } = "";

    public static async ValueTask<ImportBody?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        return new ImportBody { Text = await reader.ReadToEndAsync(context.RequestAborted) };
    }

    /// <summary>application/x-ndjson, or application/jsonl (with any parameters, such as a charset).</summary>
    public static bool IsNdjson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/jsonl", StringComparison.OrdinalIgnoreCase));
}
