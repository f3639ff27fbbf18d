namespace RecordsApi.Infrastructure.Hardening;

/// <summary>Endpoint metadata: this endpoint takes bodies up to <paramref name="MaxBytes"/> instead of the service's limit.</summary>
public sealed record RequestBodyLimit(long MaxBytes);
