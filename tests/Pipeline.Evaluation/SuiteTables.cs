using System.Globalization;
using System.Text;

namespace Pipeline.Evaluation;

/// <summary>The suite's results as the Markdown tables of the README.</summary>
public static class SuiteTables
{
    public static string Sentiment(IReadOnlyList<SentimentSuiteRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| set | kind | rows | model macro-F1 | VADER macro-F1 | model recall neg / neu / pos | VADER recall neg / neu / pos | model confusion (rows actual, columns predicted) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Set} | {row.Kind} | {row.Rows:N0} | {row.Model.MacroF1:0.000} | {row.Baseline.MacroF1:0.000} | {Recalls(row.Model)} | {Recalls(row.Baseline)} | {Confusion(row.Model.Confusion)} |"));
        }

        var dev = rows.Where(r => r.Kind == "DEV").ToList();
        if (dev.Count > 0)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| mean of the DEV sets | | | {dev.Average(r => r.Model.MacroF1):0.000} | {dev.Average(r => r.Baseline.MacroF1):0.000} | | | |"));
        }

        var held = rows.Where(r => r.Kind == "held-out corpus").ToList();
        if (held.Count > 0)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| mean of the held-out corpora | | | {held.Average(r => r.Model.MacroF1):0.000} | {held.Average(r => r.Baseline.MacroF1):0.000} | | | |"));
        }

        return text.ToString();
    }

    public static string Anger(IReadOnlyList<AngerSuiteRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| set | kind | rows | angry | precision | recall | F1 | false-positive rate | precision if a third were angry |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Set} | {row.Kind} | {row.Rows:N0} | {row.Angry:N0} ({100.0 * row.Angry / Math.Max(1, row.Rows):0.#} %) | {row.Precision:0.000} | {row.Recall:0.000} | {row.F1:0.000} | {100 * row.FalsePositiveRate:0.0} % | {row.PrecisionAtThird:0.000} |"));
        }

        return text.ToString();
    }

    public static string AngerSweep(IReadOnlyList<(double High, IReadOnlyList<AngerSuiteRow> Rows)> sweep)
    {
        var text = new StringBuilder();
        var sets = sweep[0].Rows;
        text.AppendLine("| high threshold | " + string.Join(" | ", sets.Select(r => $"{r.Set} R / P⅓")) + " | DEV mean R / P⅓ |");
        text.AppendLine("|---|" + string.Concat(sets.Select(_ => "---|")) + "---|");
        foreach (var (high, rows) in sweep)
        {
            var dev = rows.Where(r => r.Kind == "DEV").ToList();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {high:0.##} | {string.Join(" | ", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Recall:0.00} / {r.PrecisionAtThird:0.00}")))} | {dev.Average(r => r.Recall):0.000} / {dev.Average(r => r.PrecisionAtThird):0.000} |"));
        }

        return text.ToString();
    }

    private static string Recalls(Pipeline.Models.Sentiment.EvaluationSummary summary) =>
        string.Join(" / ", summary.PerClass.Values.Select(c => c.Recall.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Confusion(int[][] matrix) => string.Join(" · ", matrix.Select(r => string.Join(" ", r)));
}
