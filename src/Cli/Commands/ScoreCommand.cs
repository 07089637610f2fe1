using System.CommandLine;
using System.Globalization;
using Pipeline.Core;
using Pipeline.Models.Scoring;

namespace Pipeline.Cli.Commands;

/// <summary><c>score [--rescore]</c>: scores every interaction that lacks a score from the current model versions.</summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var rescore = new Option<bool>("--rescore") { Description = "Drop every score first and score all interactions again." };
        var command = new Command("score", "Score sentiment, topics and anger escalation of every interaction not yet scored by the current models.") { rescore };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            // The store opens (on PostgreSQL: connects and checks its migrations) while the models load.
            var opening = StoreOpening.Start(environment, ct);
            try
            {
                await ScoreAsync(environment, opening, result.GetValue(rescore), ct).ConfigureAwait(false);
            }
            finally
            {
                await StoreOpening.CloseAsync(opening).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Task<ScoreSummary> ScoreAsync(CliEnvironment environment, Core.Storage.IInteractionStore store, bool rescore, CancellationToken cancellationToken) =>
        ScoreAsync(environment, Task.FromResult(store), rescore, cancellationToken);

    /// <param name="opening">The store, open or opening.</param>
    public static async Task<ScoreSummary> ScoreAsync(CliEnvironment environment, Task<Core.Storage.IInteractionStore> opening, bool rescore, CancellationToken cancellationToken)
    {
        var stage = await environment.CreateScoreStageAsync(opening, cancellationToken).ConfigureAwait(false);
        var summary = await stage.RunAsync(rescore, cancellationToken).ConfigureAwait(false);
        static string Counts<T>(IReadOnlyDictionary<T, int> counts, IReadOnlyList<T> order, Func<T, string> name)
            where T : notnull => string.Join(", ", order.Select(k => $"{name(k)} {counts.GetValueOrDefault(k):N0}"));
        await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"scored {summary.Scored:N0} interactions in {summary.Elapsed.TotalSeconds:0.0} s with {summary.VersionKey}: " +
            $"sentiment {Counts(summary.Sentiment, SentimentClassNames.All, c => c.ToName())}; anger {Counts(summary.Anger, AngerLevelNames.All, l => l.ToName())}; " +
            $"a dominant topic for {summary.WithTopic:N0}; {summary.Bumps:N0} new priority bumps{(summary.Stopped ? " (stopped early)" : "")}")).ConfigureAwait(false);
        var t = summary.Timings;
        await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"time in sentiment {t.Sentiment.TotalSeconds:0.0} s, topics {t.Topics.TotalSeconds:0.0} s, anger {t.Anger.TotalSeconds:0.0} s (summed over the cores), store {t.Store.TotalSeconds:0.0} s")).ConfigureAwait(false);
        return summary;
    }
}
