using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace RecordsApi.Resources;

/// <summary>
/// ETags and conditional requests (RFC 9110 §13). A resource's ETag is its version, so a write can
/// be made conditional in the same UPDATE that performs it: no read-then-write race.
/// </summary>
public static class Preconditions
{
    public static string ETagFor(int version) => $"\"{version}\"";

    /// <summary>
    /// The ETag of a representation that also shows data computed from other resources (such as a
    /// record's agreement with the leaderboards): the version, then a digest of the computed part, so
    /// the tag changes when either does. If-Match compares only the version: that is what a write can conflict with.
    /// </summary>
    public static string ETagFor(int version, string computed) =>
        $"\"{version}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(computed)))[..16]}\"";

    /// <summary>Sets ETag and says whether If-None-Match already holds it (answer 304 then).</summary>
    public static bool SetETagAndCheckNotModified(HttpContext http, int version) => SetETagAndCheckNotModified(http, ETagFor(version));

    /// <summary>Sets ETag and says whether If-None-Match already holds it (answer 304 then).</summary>
    public static bool SetETagAndCheckNotModified(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        // Weak comparison for If-None-Match: W/"3" matches "3".
        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Value == etag);
    }

    /// <summary>What If-Match asks for: nothing (428), any current version (*), or one of some versions.</summary>
    public static IfMatch ReadIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return IfMatch.Missing;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return new IfMatch(true, false, []);
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return new IfMatch(true, true, []);
        }

        // Strong comparison for If-Match: a weak tag never matches.
        var versions = tags.Where(tag => !tag.IsWeak)
            .Select(tag => VersionOf(tag.Tag.Value.AsSpan().Trim('"')))
            .Where(v => v > 0)
            .ToArray();
        return new IfMatch(true, false, versions);
    }

    /// <summary>"3" and "3-digest" are version 3; anything else is no version (-1).</summary>
    private static int VersionOf(ReadOnlySpan<char> tag)
    {
        var dash = tag.IndexOf('-');
        return int.TryParse(dash < 0 ? tag : tag[..dash], out var version) ? version : -1;
    }
}

/// <summary>An If-Match header read: Present, Any (*), or the versions it names (none may be valid).</summary>
public sealed record IfMatch(bool Present, bool Any, int[] Versions)
{
    public static readonly IfMatch Missing = new(false, false, []);

    /// <summary>Whether a resource at this version may be written.</summary>
    public bool Accepts(int version) => Any || Versions.Contains(version);
}
