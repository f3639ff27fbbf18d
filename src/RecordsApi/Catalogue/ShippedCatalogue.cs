using System.Security.Cryptography;

namespace RecordsApi.Catalogue;

/// <summary>The catalogue the service ships: db/catalogue/*.ndjson, embedded in the assembly.</summary>
internal static class ShippedCatalogue
{
    /// <summary>The files in the order they load: what the data is complete to, people, missions (crews name people), records.</summary>
    public static readonly string[] Files = ["catalogue.ndjson", "people.ndjson", "missions.ndjson", "records.ndjson"];

    private const string Prefix = "Catalogue.";

    /// <summary>Reads every shipped file into a batch; returns the hash of their contents.</summary>
    public static async Task<string> ReadAsync(CatalogueReader reader, CatalogueBatch batch, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files)
        {
            await using var stream = typeof(ShippedCatalogue).Assembly.GetManifestResourceStream(Prefix + file)
                ?? throw new InvalidOperationException($"The service was built without db/catalogue/{file}.");
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            hash.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
            buffer.Position = 0;
            using var text = new StreamReader(buffer);
            await reader.ReadAsync(text, file, batch, ct);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
