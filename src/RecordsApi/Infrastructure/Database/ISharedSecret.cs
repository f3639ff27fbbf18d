namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// A secret every instance must share, such as the key that signs paging cursors: made once, kept in
/// the database, and handed to its user at start-up once the schema is up to date (<see cref="DatabaseStartup"/>).
/// </summary>
public interface ISharedSecret
{
    /// <summary>Its name in service_secrets.</summary>
    string Name { get; }

    void Use(byte[] secret);
}
