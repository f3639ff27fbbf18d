using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>
/// The text of an API key: <c>rk_&lt;prefix&gt;_&lt;secret&gt;</c>, where the prefix is 8 random base32
/// characters that name the key in public, and the secret is 256 random bits in base64url (43 characters).
/// Only the SHA-256 of the secret's bytes is ever stored.
/// </summary>
public sealed class ApiKeySecret
{
    public const string Marker = "rk_";
    public const int PrefixLength = 8;
    private const int SecretBytes = 32;
    private const int SecretLength = 43; // base64url of 32 bytes, unpadded
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Length of every key this service makes.</summary>
    public const int Length = 3 + PrefixLength + 1 + SecretLength;

    private ApiKeySecret(string prefix, byte[] hash, string text)
    {
        Prefix = prefix;
        Hash = hash;
        Text = text;
    }

    public string Prefix { get; }

    /// <summary>SHA-256 of the secret: what the database keeps and looks keys up by.</summary>
    public byte[] Hash { get; }

    /// <summary>The whole key, to show once to whoever made it.</summary>
    public string Text { get; }

    public static ApiKeySecret Generate()
    {
        // 256 is a multiple of 32, so each character is uniformly random.
        var prefix = new string(RandomNumberGenerator.GetBytes(PrefixLength).Select(b => PrefixAlphabet[b & 31]).ToArray());
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        return new ApiKeySecret(prefix, SHA256.HashData(secret), $"{Marker}{prefix}_{Base64Url.EncodeToString(secret)}");
    }

    /// <summary>Reads a key as a client sent it; anything not shaped like one of ours is refused without a database lookup.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKeySecret? key)
    {
        key = null;
        if (text is not { Length: Length }
            || !text.StartsWith(Marker, StringComparison.Ordinal)
            || text[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }

        var prefix = text.Substring(Marker.Length, PrefixLength);
        if (!prefix.All(PrefixAlphabet.Contains))
        {
            return false;
        }

        var encoded = text.AsSpan(Marker.Length + PrefixLength + 1);
        Span<byte> secret = stackalloc byte[SecretBytes + 2];
        if (!Base64Url.IsValid(encoded) || !Base64Url.TryDecodeFromChars(encoded, secret, out var written) || written != SecretBytes)
        {
            return false;
        }

        key = new ApiKeySecret(prefix, SHA256.HashData(secret[..SecretBytes]), text);
        return true;
    }

    public static bool IsPrefix(string? text) =>
        text is { Length: PrefixLength } && text.All(PrefixAlphabet.Contains);

    public override string ToString() => $"{Marker}{Prefix}_…";
}
