namespace Pipeline.Models.Evaluation;

/// <summary>Per-class figures of a multiclass evaluation.</summary>
public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);

/// <summary>
/// A confusion matrix over named classes (rows: actual, columns: predicted) and what follows from it:
/// accuracy, macro-F1 (the unweighted mean of the F1 of the classes that occur, as actual or predicted, as
/// scikit-learn counts it) and per-class precision and recall.
/// </summary>
public sealed class MulticlassMetrics
{
    private readonly int[,] _confusion;

    public MulticlassMetrics(IReadOnlyList<string> classes)
    {
        Classes = classes;
        _confusion = new int[classes.Count, classes.Count];
    }

    public IReadOnlyList<string> Classes { get; }

    public int Rows { get; private set; }

    public void Add(int actual, int predicted)
    {
        _confusion[actual, predicted]++;
        Rows++;
    }

    public int Count(int actual, int predicted) => _confusion[actual, predicted];

    public double Accuracy => Rows == 0 ? 0 : Enumerable.Range(0, Classes.Count).Sum(i => _confusion[i, i]) / (double)Rows;

    /// <summary>
    /// The mean F1 of the classes that occur in the labels or the predictions: a set without positive texts (such as
    /// a complaint sample) is not marked down for a class nobody could get right, but predicting it still costs.
    /// </summary>
    public double MacroF1
    {
        get
        {
            var occurring = Enumerable.Range(0, Classes.Count).Where(i => Enumerable.Range(0, Classes.Count).Any(j => _confusion[i, j] > 0 || _confusion[j, i] > 0)).ToList();
            return occurring.Count == 0 ? 0 : occurring.Average(i => For(i).F1);
        }
    }

    public ClassMetrics For(int index)
    {
        var truePositives = _confusion[index, index];
        var predicted = Enumerable.Range(0, Classes.Count).Sum(a => _confusion[a, index]);
        var actual = Enumerable.Range(0, Classes.Count).Sum(p => _confusion[index, p]);
        var precision = predicted == 0 ? 0 : truePositives / (double)predicted;
        var recall = actual == 0 ? 0 : truePositives / (double)actual;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(precision, recall, f1, actual);
    }

    /// <summary>The matrix as nested arrays, rows actual, columns predicted, in <see cref="Classes"/> order.</summary>
    public int[][] Confusion => Enumerable.Range(0, Classes.Count).Select(a => Enumerable.Range(0, Classes.Count).Select(p => _confusion[a, p]).ToArray()).ToArray();
}
