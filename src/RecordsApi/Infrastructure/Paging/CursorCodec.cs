using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Infrastructure.Paging;

/// <summary>
/// Opaque, tamper-evident keyset cursors: the position after the last row of a page, bound to the
/// list and the filters it was made for, signed with HMAC-SHA256. A forged, garbled or borrowed
/// cursor does not verify and the request is a 400.
/// </summary>
public sealed class CursorCodec : ISharedSecret
{
    private const int TagLength = 16;
    private byte[]? key;

    public string Name => "cursor-signing-key";

    /// <summary>Set once at start-up from the secret every instance shares.</summary>
    public void Use(byte[] secret) => key = secret;

    public string Encode(string scope, string sortKey, long id)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new[] { sortKey, id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(Sign(scope, payload));
    }

    public bool TryDecode(string cursor, string scope, out KeysetPosition position)
    {
        position = default;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || cursor.Length > 2048)
        {
            return false;
        }

        try
        {
            var payload = WebEncoders.Base64UrlDecode(cursor[..dot]);
            var tag = WebEncoders.Base64UrlDecode(cursor[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(tag, Sign(scope, payload))
                || JsonSerializer.Deserialize<string[]>(payload) is not [var sortKey, var idText]
                || !long.TryParse(idText, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return false;
            }

            position = new KeysetPosition(sortKey, id);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return false;
        }
    }

    private byte[] Sign(string scope, byte[] payload)
    {
        var signingKey = key ?? throw new InvalidOperationException("The cursor key is loaded at start-up; the database was not reached yet.");
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var message = new byte[scopeBytes.Length + 1 + payload.Length];
        scopeBytes.CopyTo(message, 0);
        payload.CopyTo(message, scopeBytes.Length + 1);
        return HMACSHA256.HashData(signingKey, message)[..TagLength];
    }
}

/// <summary>Where the previous page ended: the sort key (as PostgreSQL text) and the id that breaks ties.</summary>
public readonly record struct KeysetPosition(string SortKey, long Id);
