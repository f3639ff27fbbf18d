namespace RecordsApi.Infrastructure.Telemetry;

/// <summary>Metrics and traces (configuration section "Telemetry"; docs/operations.md).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>False: no OpenTelemetry at all and no /metrics (the logs still carry trace ids).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A management port: a local port the service also listens on (list it in ASPNETCORE_URLS too),
    /// where /metrics answers without a key and nothing else is served. Unset: /metrics is served only
    /// on the API's own port, to admin keys.
    /// </summary>
    public int? MetricsPort { get; set; }
}
