using Microsoft.ML;
using Microsoft.ML.Data;
using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>The sentiment of one text: its class, a score in [-1, 1] (P(positive) − P(negative)) and the class probabilities.</summary>
public sealed record SentimentResult(SentimentClass Class, double Score, double Negative, double Neutral, double Positive, int Sentences);

/// <summary>
/// Scores texts with the trained model. A long text (over <see cref="SentenceSplitter.ShortTextWords"/> words) is
/// split into sentences, each scored on its own: its n-gram features (<see cref="SentimentNgrams"/>) and lexicon
/// features go through the classifier's weights applied directly (<see cref="SentimentWeights"/>), the same
/// arithmetic as the ML.NET model it was read from, which stays the reference (<see cref="ReferenceProbabilities"/>,
/// checked at every training and in the tests). A text's class probabilities are the mean of its sentences', each
/// weighted by its length and by the square of how polar it is (1 − P(neutral)): what a text's attitude is shows in
/// its evaluative sentences, so the factual account of a harm ("on 3 May I called…") does not dilute the sentences
/// that say it was wrong into "neutral", and one polite closing line does not outweigh a complaint.
/// Safe to call from several threads at once (each has its own buffers).
/// </summary>
public sealed class SentimentModel
{
    private readonly Lazy<(MLContext Ml, ITransformer Model)> _reference;
    private readonly SentimentFeatures _features;
    private readonly SentimentNgrams _ngrams;
    private readonly SentimentWeights _weights;
    private readonly ThreadLocal<Scratch> _scratch;

    private readonly double[] _bias;

    /// <param name="classBias">Multipliers of the class probabilities (negative, neutral, positive) before the decision: the
    /// shipped model's were chosen on the DEV sets (README), since its training corpora hold other shares of each class than
    /// customer messages do. <c>null</c>: none.</param>
    public SentimentModel(MLContext ml, ITransformer model, SentimentNgrams ngrams, SentimentFeatures features, string version, double[]? classBias = null)
        : this(new Lazy<(MLContext, ITransformer)>((ml, model)), ngrams, SentimentWeights.From(model, ngrams.SlotCount), features, version, classBias)
    {
    }

    private SentimentModel(Lazy<(MLContext, ITransformer)> reference, SentimentNgrams ngrams, SentimentWeights weights, SentimentFeatures features, string version, double[]? classBias)
    {
        if (classBias is not null && (classBias.Length != 3 || classBias.Any(b => !(b > 0) || double.IsInfinity(b))))
        {
            throw new ArgumentException("The class bias has three positive numbers: negative, neutral, positive.", nameof(classBias));
        }

        _reference = reference;
        _features = features;
        _ngrams = ngrams;
        _weights = weights;
        _scratch = new ThreadLocal<Scratch>(() => new Scratch());
        _bias = classBias ?? [1, 1, 1];
        Version = version;
    }

    public string Version { get; }

    /// <summary>The language of the texts it reads ("en", "ru", "zh").</summary>
    public string Language => _features.Language;

    /// <summary>
    /// Whether the model knows only negative and positive (trained on two-class 0/1 data): its P(neutral) is 0, and a
    /// text whose P(positive) and P(negative) are within <see cref="TwoClassNeutralMargin"/> of each other is neutral.
    /// </summary>
    public bool TwoClass => _weights.Classes == 2;

    /// <summary>A two-class model's text is neutral when |P(positive) − P(negative)| is below this (both between 0.4 and 0.6).</summary>
    public const double TwoClassNeutralMargin = 0.2;

    /// <summary>
    /// Loads the model's n-gram file and weights file beside <paramref name="modelPath"/>. ML.NET's model.zip itself is read
    /// only when the weights file is missing or was written from other files (it is then written again), and for the
    /// reference (<see cref="ReferenceProbabilities"/>); the n-grams are checked against the model's slots whenever it is read.
    /// </summary>
    public static SentimentModel Load(string modelPath, SentimentFeatures features, string version, double[]? classBias = null) =>
        Load(modelPath, Task.FromResult(features), version, classBias);

    /// <summary>
    /// <see cref="Load(string, SentimentFeatures, string, double[])"/> with the features still being made: the n-gram file
    /// is read on another core while the model's files are hashed here, so loading takes the longest of the three, not
    /// their sum.
    /// </summary>
    public static SentimentModel Load(string modelPath, Task<SentimentFeatures> features, string version, double[]? classBias = null) =>
        Load(modelPath, StartReadingNgrams(modelPath), features, version, classBias);

    /// <summary>
    /// Starts reading the n-gram file beside <paramref name="modelPath"/> on another core: the longest part of loading a
    /// model, which a caller starts first and hands to <see cref="Load(string, Task{SentimentNgrams}, Task{SentimentFeatures}, string, double[])"/>.
    /// </summary>
    public static Task<SentimentNgrams> StartReadingNgrams(string modelPath) =>
        Task.Run(() => SentimentNgrams.Load(NgramsPathOf(modelPath)));

    /// <summary>The n-gram file a model was trained with: beside its model.zip.</summary>
    private static string NgramsPathOf(string modelPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, SentimentNgrams.FileName);

    /// <summary><see cref="Load(string, Task{SentimentFeatures}, string, double[])"/> with the n-gram file already being read (<see cref="StartReadingNgrams"/>).</summary>
    public static SentimentModel Load(string modelPath, Task<SentimentNgrams> reading, Task<SentimentFeatures> features, string version, double[]? classBias = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var ngramsPath = NgramsPathOf(modelPath);
        string modelHash = string.Empty, ngramsHash = string.Empty;
        Exception? hashing = null;
        try
        {
            if (!File.Exists(modelPath))
            {
                throw new FileNotFoundException($"The sentiment model '{modelPath}' does not exist; train it (`train sentiment`).", modelPath);
            }

            modelHash = SentimentWeights.HashOf(modelPath);
            ngramsHash = SentimentWeights.HashOf(ngramsPath);
        }
        catch (Exception e)
        {
            hashing = e;
        }

        // The n-gram file's own error (it is missing or not ours) comes first, as when it was read before the model.
        var ngrams = reading.GetAwaiter().GetResult();
        if (hashing is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(hashing);
        }

        var reference = new Lazy<(MLContext, ITransformer)>(() => LoadChecked(modelPath, ngramsPath, ngrams));
        var weightsPath = Path.Combine(directory, SentimentWeights.FileName);
        if (SentimentWeights.TryLoad(weightsPath, modelHash, ngramsHash, ngrams.SlotCount) is { } saved)
        {
            return new SentimentModel(reference, ngrams, saved, features.GetAwaiter().GetResult(), version, classBias);
        }

        var weights = SentimentWeights.From(reference.Value.Item2, ngrams.SlotCount);
        try
        {
            weights.Save(weightsPath, modelHash, ngramsHash);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a cache: a read-only model folder is read from model.zip each time, which is slower, not wrong.
        }

        return new SentimentModel(reference, ngrams, weights, features.GetAwaiter().GetResult(), version, classBias);
    }

    /// <summary>Writes the weights file of a model saved at <paramref name="modelPath"/> with its n-gram file (at training).</summary>
    public void SaveWeights(string modelPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        _weights.Save(Path.Combine(directory, SentimentWeights.FileName), SentimentWeights.HashOf(modelPath), SentimentWeights.HashOf(Path.Combine(directory, SentimentNgrams.FileName)));
    }

    private static (MLContext, ITransformer) LoadChecked(string modelPath, string ngramsPath, SentimentNgrams ngrams)
    {
        var ml = new MLContext(seed: 1);
        ITransformer model;
        DataViewSchema input;
        using (var stream = File.OpenRead(modelPath))
        {
            model = ml.Model.Load(stream, out input);
        }

        var names = TextSlotNames(model, input);
        if (!names.AsSpan().SequenceEqual(ngrams.SlotNames()))
        {
            throw new InvalidDataException($"'{ngramsPath}' does not belong to '{modelPath}' (their n-grams differ); train the sentiment model again.");
        }

        return (ml, model);
    }

    /// <summary>The names of the text feature slots of a fitted sentiment pipeline ("word", "word|next").</summary>
    public static string[] TextSlotNames(ITransformer model, DataViewSchema input)
    {
        var column = model.GetOutputSchema(input)["TextFeatures"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        var result = new string[names.Length];
        var i = 0;
        foreach (var name in names.DenseValues())
        {
            result[i++] = name.ToString();
        }

        return result;
    }

    public IReadOnlyList<SentimentResult> Score(IReadOnlyList<string?> texts)
    {
        var scratch = _scratch.Value!;
        Span<double> p = stackalloc double[3];
        var results = new SentimentResult[texts.Count];
        for (var t = 0; t < texts.Count; t++)
        {
            double negative = 0, neutral = 0, positive = 0, weights = 0;
            var count = 0;
            var text = texts[t] is { } raw ? _features.Fold(raw) : null;
            SentenceSplitter.SplitRanges(text, scratch.Sentences);
            foreach (var (start, length) in scratch.Sentences)
            {
                var masked = _features.Mask(text.AsSpan(start, length), ref scratch.Masked);
                var words = _features.Lexicon(masked, scratch.Lexicon);
                if (_features.ReadsWordForms)
                {
                    // A Chinese sentence is one white-space "word": its length is the words jieba cuts.
                    var forms = _features.Prepare(masked);
                    words = forms.IsEmpty ? 0 : forms.Count(' ') + 1;
                    _ngrams.Featurize(forms, scratch.Tokenizer, scratch.Features);
                }
                else
                {
                    _ngrams.Featurize(masked, scratch.Tokenizer, scratch.Features);
                }

                _weights.Probabilities(scratch.Features, scratch.Lexicon, p);
                var weight = Math.Max(1, words) * (1 - p[1]) * (1 - p[1]);
                negative += weight * p[0];
                neutral += weight * p[1];
                positive += weight * p[2];
                weights += weight;
                count++;
            }

            results[t] = Decide(negative, neutral, positive, weights, count);
        }

        return results;
    }

    /// <summary>
    /// The class probabilities (negative, neutral, positive) of each sentence through the ML.NET model itself, one
    /// <c>Transform</c> over all of them: the reference the direct arithmetic of <see cref="Score"/> is checked against.
    /// </summary>
    public IReadOnlyList<float[]> ReferenceProbabilities(IReadOnlyList<SentimentRow> rows)
    {
        var (ml, model) = _reference.Value;
        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
        // A two-class model (negative, positive) has no neutral: 0 in its place, as the direct arithmetic gives it.
        return ml.Data.CreateEnumerable<SentimentRowPrediction>(scored, reuseRowObject: false)
            .Select(r => r.Probabilities.Length == 2 ? [r.Probabilities[0], 0f, r.Probabilities[1]] : r.Probabilities).ToList();
    }

    /// <summary>The class probabilities of each featured sentence by the direct arithmetic (<see cref="Score"/>'s path).</summary>
    public IReadOnlyList<double[]> DirectProbabilities(IReadOnlyList<SentimentRow> rows)
    {
        var scratch = _scratch.Value!;
        var result = new List<double[]>(rows.Count);
        foreach (var row in rows)
        {
            var p = new double[3];
            _ngrams.Featurize(row.Text, scratch.Tokenizer, scratch.Features);
            _weights.Probabilities(scratch.Features, row.Lexicon, p);
            result.Add(p);
        }

        return result;
    }

    /// <summary>
    /// Checks the direct arithmetic against ML.NET on <paramref name="rows"/>: every class probability within
    /// <paramref name="tolerance"/>. Throws, naming the first sentence that differs, when it is not.
    /// </summary>
    public void CheckAgainstReference(IReadOnlyList<SentimentRow> rows, double tolerance = 1e-4)
    {
        var reference = ReferenceProbabilities(rows);
        var direct = DirectProbabilities(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                if (!(Math.Abs(reference[i][c] - direct[i][c]) <= tolerance))
                {
                    throw new InvalidOperationException(
                        $"The sentiment model's direct arithmetic gives P(class {c}) = {direct[i][c]:0.######} for \"{rows[i].Text}\", ML.NET {reference[i][c]:0.######}: they must agree; this is a defect of the featuriser.");
                }
            }
        }
    }

    private SentimentResult Decide(double negativeSum, double neutralSum, double positiveSum, double weights, int count)
    {
        if (weights == 0)
        {
            return new SentimentResult(SentimentClass.Neutral, 0, 0, 1, 0, 0);
        }

        // The bias moves the decision; the probabilities shown are the biased ones, renormalised, so they agree with the class.
        var negative = _bias[0] * negativeSum / weights;
        var neutral = _bias[1] * neutralSum / weights;
        var positive = _bias[2] * positiveSum / weights;
        var total = negative + neutral + positive;
        negative /= total;
        neutral /= total;
        positive /= total;
        var label = negative >= neutral && negative >= positive ? SentimentClass.Negative : positive >= neutral ? SentimentClass.Positive : SentimentClass.Neutral;
        if (TwoClass && Math.Abs(positive - negative) < TwoClassNeutralMargin)
        {
            // A two-class model has no neutral class: a text it cannot tell either way is neutral.
            label = SentimentClass.Neutral;
        }

        return new SentimentResult(label, Math.Round(positive - negative, 4), Math.Round(negative, 4), Math.Round(neutral, 4), Math.Round(positive, 4), count);
    }

    /// <summary>One thread's buffers.</summary>
    private sealed class Scratch
    {
        public SentimentTokenizer Tokenizer { get; } = new();

        public SparseFeatures Features { get; } = new();

        public float[] Lexicon { get; } = new float[SentimentRow.LexiconFeatureCount];

        public List<(int Start, int Length)> Sentences { get; } = [];

        /// <summary>The sentence being scored with its names masked, when it has any.</summary>
        public char[] Masked = new char[1024];
    }
}
