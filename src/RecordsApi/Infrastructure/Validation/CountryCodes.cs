namespace RecordsApi.Infrastructure.Validation;

/// <summary>The 249 officially assigned ISO 3166-1 alpha-2 country codes.</summary>
public static class CountryCodes
{
    /// <summary>The list as ISO publishes it, one code a line, in CountryCodes.txt beside this file.</summary>
    private static readonly HashSet<string> Assigned = Load();

    /// <summary>
    /// Codes ISO 3166-1 keeps for countries that no longer exist, which the catalogue needs: a
    /// nationality is the citizenship at the first flight, and cosmonauts flew for the Soviet Union
    /// (SU), Czechoslovakia (CS) and East Germany (DD).
    /// </summary>
    public static readonly IReadOnlyList<string> Former = ["SU", "CS", "DD"];

    private static HashSet<string> Load()
    {
        using var stream = typeof(CountryCodes).Assembly.GetManifestResourceStream("Validation.CountryCodes.txt")
            ?? throw new InvalidOperationException("CountryCodes.txt is not embedded.");
        using var reader = new StreamReader(stream);
        return new HashSet<string>(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
    }

    public static bool IsAssigned(string? code) => code is { Length: 2 } && Assigned.Contains(code);

    /// <summary>An assigned code, or one of the <see cref="Former"/> codes the data needs, and no others.</summary>
    public static bool IsAccepted(string? code) => IsAssigned(code) || (code is not null && Former.Contains(code));
}
