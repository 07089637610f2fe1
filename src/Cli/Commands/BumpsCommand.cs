using System.CommandLine;
using System.Globalization;
using Pipeline.Core.Feedback;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>bumps [--status pending|sent|dead|no_ticket] [--id N]</c>: the outbox, or one bump with its audit trail.</summary>
public static class BumpsCommand
{
    public static Command Create()
    {
        var status = new Option<string?>("--status") { Description = "Only bumps with this status: pending, sent, dead or no_ticket (escalated, no ticket)." };
        var id = new Option<long?>("--id") { Description = "One bump with every delivery attempt (the audit trail)." };
        var command = new Command("bumps", "List the priority bumps: when, which rule, which words, old → new priority, status and last error.") { status, id };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            BumpStatus? filter = null;
            if (result.GetValue(status) is { } text)
            {
                filter = BumpStatuses.TryParse(text, out var parsed)
                    ? parsed
                    : throw new ConfigurationException($"--status '{text}' is not pending, sent, dead or no_ticket.");
            }

            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            var bumps = CliEnvironment.BumpStore(store);
            var all = await bumps.ListBumpsAsync(filter, ct).ConfigureAwait(false);
            if (result.GetValue(id) is { } one)
            {
                var bump = all.SingleOrDefault(b => b.Id == one) ?? throw new ConfigurationException($"--id {one}: there is no such bump.");
                await WriteAuditAsync(environment.Output, bump, await bumps.ListAttemptsAsync(one, ct).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            Write(environment.Output, all);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(TextWriter output, IReadOnlyList<PriorityBump> bumps)
    {
        var console = Terminal.SummaryTable.ConsoleFor(output, redirectedWidth: 220);
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "Id", "Created (UTC)", "Ticket", "Rule", "Words", "Priority", "Old → new", "Status", "Attempts", "Last" })
        {
            table.AddColumn(column);
        }

        foreach (var b in bumps)
        {
            var r = b.Request;
            table.AddRow(
                b.Id.ToString(CultureInfo.InvariantCulture),
                r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Markup.Escape(r.TicketId ?? "(escalated, no ticket)"),
                Markup.Escape($"{r.Rule} {r.RuleVersion}"),
                Markup.Escape(string.Join(", ", r.Terms.Take(4)) + (r.Terms.Count > 4 ? ", …" : "")),
                r.Priority.ToName(),
                Markup.Escape(b.Status == BumpStatus.Sent ? $"{b.OldPriority ?? "?"} → {b.NewPriority}" : ""),
                b.Status.ToName(),
                b.Attempts.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(b.Status == BumpStatus.Sent ? $"{b.Sink} {b.LastResponseStatus?.ToString(CultureInfo.InvariantCulture) ?? ""} {b.SentAt:yyyy-MM-dd HH:mm}" : b.LastError ?? ""));
        }

        console.Write(table);
        var counts = bumps.GroupBy(b => b.Status).OrderBy(g => g.Key).Select(g => $"{g.Key.ToName()} {g.Count():N0}");
        output.WriteLine($"{bumps.Count:N0} bumps: {string.Join(", ", counts)}");
    }

    private static async Task WriteAuditAsync(TextWriter output, PriorityBump bump, IReadOnlyList<BumpAttempt> attempts)
    {
        var r = bump.Request;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            bump {bump.Id}: ticket {r.TicketId ?? "(escalated, no ticket)"} → {r.Priority.ToName()}, status {bump.Status.ToName()}
              interaction {r.InteractionId} ({r.Channel.ToString().ToLowerInvariant()}), created {r.CreatedAt:yyyy-MM-dd HH:mm:ss}Z
              rule {r.Rule} {r.RuleVersion}: {r.Reason}
              idempotency key {r.IdempotencyKey}
            """)).ConfigureAwait(false);
        foreach (var a in attempts)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  attempt {a.Attempt} at {a.At:yyyy-MM-dd HH:mm:ss}Z via {a.Sink}: {a.Outcome}{(a.ResponseStatus is { } s ? $", HTTP {s}" : "")}{(a.OldPriority is not null || a.NewPriority is not null ? $", {a.OldPriority ?? "?"} → {a.NewPriority ?? "?"}" : "")}{(a.Error is { } e ? $", {e}" : "")} ({a.DurationMs:0} ms)")).ConfigureAwait(false);
        }
    }
}
