namespace Pipeline.Models.Evaluation;

/// <summary>Precision, recall and F1 of a yes/no decision against 0/1 labels.</summary>
public sealed record BinaryMetrics(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public int Rows => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Of the predicted positives, the share that are positive (1 when nothing was predicted positive).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static BinaryMetrics From(IEnumerable<(bool Predicted, bool Actual)> pairs)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var (predicted, actual) in pairs)
        {
            switch (predicted, actual)
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, true): fn++; break;
                default: tn++; break;
            }
        }

        return new BinaryMetrics(tp, fp, fn, tn);
    }

    /// <summary>Reads a 0/1 label (also true/false, yes/no); anything else is <c>null</c>.</summary>
    public static bool? ParseLabel(string label) => label.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "y" => true,
        "0" or "false" or "no" or "n" => false,
        _ => null,
    };
}
