using System.Diagnostics;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>The service's own executable run as a process, as `dotnet run -- keys …` or the published binary would run it.</summary>
public static class ServiceProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, string? input, params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ConnectionStrings__Postgres"] = connectionString;
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
