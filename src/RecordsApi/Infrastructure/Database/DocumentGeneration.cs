using System.Reflection;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// True when Swashbuckle's CLI (or the build-time GetDocument tool) has loaded the service only to
/// read its OpenAPI document: the host starts without a server, and must not wait for a database.
/// </summary>
public static class DocumentGeneration
{
    public static bool IsRunning { get; } =
        Assembly.GetEntryAssembly()?.GetName().Name is "dotnet-swagger" or "GetDocument.Insider";
}
