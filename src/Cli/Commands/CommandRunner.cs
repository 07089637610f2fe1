using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Pipeline.Cli.Commands;

/// <summary>
/// Runs a verb inside the CLI environment and turns failures into one clear message and an exit code:
/// configuration problems → 2, store problems → 3, cancellation → 130, anything else → 1 with the stack trace.
/// </summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken, Func<CliEnvironment, CancellationToken, Task<int>> verb)
    {
        CliEnvironment environment;
        try
        {
            environment = CliEnvironment.Create(GlobalOptions.Overrides(result));
        }
        catch (Exception ex) when (ex is ConfigurationException or InvalidDataException or FormatException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }

        using (environment)
        {
            var logger = environment.Loggers.CreateLogger("pipeline");
            try
            {
                return await verb(environment, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConfigurationException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                logger.LogError("{Message}", ex.Message);
                return ExitCodes.Configuration;
            }
            catch (StoreUnavailableException ex)
            {
                logger.LogError("{Message}", ex.Message);
                return ExitCodes.Store;
            }
            catch (ReportDeliveryException ex)
            {
                logger.LogError("{Message}", ex.Message);
                logger.LogDebug(ex.InnerException, "Cause of the delivery failure");
                return ExitCodes.Delivery;
            }
            catch (Exception ex) when (StoreFailure.IsDiskFull(ex))
            {
                logger.LogError("The disk is full: {Message}. What was being written was not kept (a store batch is whole or absent, a report or export is swapped in only when whole); free some space and run again.", StoreFailure.Describe(ex));
                return ExitCodes.DiskFull;
            }
            catch (DbException ex)
            {
                logger.LogError("The store failed: {Message}. Nothing after the last completed batch was written; fix the store and run again (re-running adds only what is missing).", StoreFailure.Describe(ex));
                return ExitCodes.Store;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex)
            {
                logger.LogCritical(ex, "Unexpected failure: {Message}", ex.Message);
                return ExitCodes.Failure;
            }
        }
    }
}
