using Pipeline.Core;
using Pipeline.Models.Evaluation;

namespace Pipeline.Models.Sentiment;

/// <summary>A team's labelled file read for training: the rows that read, how many were skipped, and the file's hash.</summary>
public sealed record TeamSentimentData(IReadOnlyList<LabelledSentence> Rows, int Skipped, LabelScheme Scheme, string Hash);

/// <summary>
/// Reads a team's labelled CSV or TSV for <c>train sentiment --data</c>: labels negative/neutral/positive,
/// -1/0/1, or 0/1 (two-class: 0 negative, 1 positive); rows with other labels or no text are skipped and
/// counted. Every row counts with weight 1, named by the file.
/// </summary>
public static class TeamSentimentFile
{
    public static async Task<TeamSentimentData> ReadAsync(string path, string textColumn, string labelColumn, CancellationToken cancellationToken)
    {
        var raw = new List<LabelledText>();
        await foreach (var row in LabelledTextFile.ReadAsync(path, textColumn, labelColumn, cancellationToken).ConfigureAwait(false))
        {
            raw.Add(row);
        }

        var scheme = SentimentEvaluation.SchemeOf(raw.Select(r => r.Label).Where(l => l.Length > 0));
        var source = Path.GetFileNameWithoutExtension(path);
        var rows = new List<LabelledSentence>(raw.Count);
        var skipped = 0;
        foreach (var row in raw)
        {
            if (SentimentEvaluation.ClassOf(row.Label, scheme) is { } label && row.Text.Trim().Length > 0)
            {
                rows.Add(new LabelledSentence(row.Text.Trim(), (SentimentClass)label, source));
            }
            else
            {
                skipped++;
            }
        }

        return new TeamSentimentData(rows, skipped, scheme, SentimentTrainingData.HashFiles([path]));
    }
}
