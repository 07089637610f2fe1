using System.CommandLine;
using System.Text.Json;
using Pipeline.Cli.Health;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>health [--json]</c>: is the pipeline working? Store reachable, migrations current, a worker's scheduler running,
/// backlogs young enough, the latest week reported (<see cref="HealthProbe"/>). Exit 0 when every check passes, 6 when
/// one fails: for a monitoring probe, a container's health check or a systemd timer.
/// </summary>
public static class HealthCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "One JSON object (healthy, checks[name, healthy, detail]) instead of lines." };
        var command = new Command("health", "Check the running pipeline without changing it: store reachable, migrations current, worker running, backlog age, last report week (see Health:*). Exits 6 when unhealthy.") { json };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var checks = await HealthProbe.RunAsync(environment, ct).ConfigureAwait(false);
            var healthy = checks.All(c => c.Healthy);
            if (result.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    healthy,
                    checks = checks.Select(c => new { name = c.Name, healthy = c.Healthy, detail = c.Detail }),
                })).ConfigureAwait(false);
            }
            else
            {
                foreach (var check in checks)
                {
                    await environment.Output.WriteLineAsync($"{(check.Healthy ? "ok  " : "FAIL")}  {check.Name,-16} {check.Detail}").ConfigureAwait(false);
                }

                await environment.Output.WriteLineAsync(healthy ? "healthy" : "unhealthy").ConfigureAwait(false);
            }

            return healthy ? ExitCodes.Success : ExitCodes.Unhealthy;
        }));
        return command;
    }
}
