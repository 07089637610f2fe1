using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The trained classifier's weights applied directly: for each class, bias + weights · features, then softmax,
/// the arithmetic of ML.NET's <c>MaximumEntropyModelParameters</c> on the features <see cref="SentimentNgrams"/>
/// and the lexicon make, read from the fitted (or loaded) model. No data view per batch, no allocation per sentence.
/// Saved beside model.zip as <see cref="FileName"/> with the SHA-256 of the model and n-gram files they were read
/// with, so that scoring starts without loading ML.NET (about 0.7 s of every run) while a replaced model is noticed.
/// </summary>
public sealed class SentimentWeights
{
    public const string FileName = "weights.bin";

    private const string Magic = "pipeline-sentiment-weights-1";

    /// <summary>Feature-major: the classes' weights of feature j at [j × classes + c], so one feature is one cache line.</summary>
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int _lexiconStart;

    private SentimentWeights(float[] weights, float[] bias, int lexiconStart)
    {
        _weights = weights;
        _bias = bias;
        _lexiconStart = lexiconStart;
    }

    public int Classes => _bias.Length;

    /// <summary>The classifier of a fitted sentiment pipeline, whose text features have <paramref name="textSlots"/> slots.</summary>
    public static SentimentWeights From(ITransformer model, int textSlots)
    {
        var predictor = (model as IEnumerable<ITransformer>)?.OfType<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>().SingleOrDefault()
            ?? throw new InvalidDataException("The sentiment model holds no maximum-entropy classifier; train it again.");
        VBuffer<float>[] rows = [];
        predictor.Model.GetWeights(ref rows, out var classes);
        var bias = predictor.Model.GetBiases().ToArray();
        var length = textSlots + SentimentRow.LexiconFeatureCount;
        var weights = new float[classes * length];
        for (var c = 0; c < classes; c++)
        {
            if (rows[c].Length != length)
            {
                throw new InvalidDataException($"The sentiment classifier has {rows[c].Length} weights per class, its features {length}: the model and its n-gram file disagree; train it again.");
            }

            foreach (var (feature, weight) in rows[c].Items())
            {
                weights[feature * classes + c] = weight;
            }
        }

        return new SentimentWeights(weights, bias, textSlots);
    }

    /// <summary>The SHA-256 of a file, in hex: what <see cref="FileName"/> records of model.zip and ngrams.bin.</summary>
    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Writes the weights with the hashes of the model and n-gram files they belong to.</summary>
    public void Save(string path, string modelHash, string ngramsHash)
    {
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(modelHash);
            writer.Write(ngramsHash);
            writer.Write(_lexiconStart);
            writer.Write(_bias.Length);
            foreach (var b in _bias)
            {
                writer.Write(b);
            }

            writer.Write(_weights.Length);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_weights.AsSpan()));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The weights saved at <paramref name="path"/> when they were read from the model and n-gram files with these
    /// hashes and have <paramref name="textSlots"/> text slots; <c>null</c> when the file is missing, of another
    /// format or of other files (the model is then read from model.zip again).
    /// </summary>
    public static SentimentWeights? TryLoad(string path, string modelHash, string ngramsHash, int textSlots)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic || reader.ReadString() != modelHash || reader.ReadString() != ngramsHash)
            {
                return null;
            }

            var lexiconStart = reader.ReadInt32();
            var bias = new float[reader.ReadInt32()];
            for (var c = 0; c < bias.Length; c++)
            {
                bias[c] = reader.ReadSingle();
            }

            var weights = new float[reader.ReadInt32()];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan());
            reader.BaseStream.ReadExactly(bytes);
            if (reader.BaseStream.Position != reader.BaseStream.Length
                || lexiconStart != textSlots || bias.Length == 0 || weights.Length != bias.Length * (textSlots + SentimentRow.LexiconFeatureCount))
            {
                return null;
            }

            return new SentimentWeights(weights, bias, lexiconStart);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>The class probabilities (negative, neutral, positive) of one sentence's features (a two-class model's neutral is 0).</summary>
    public void Probabilities(SparseFeatures text, ReadOnlySpan<float> lexicon, Span<double> probabilities)
    {
        var classes = _bias.Length;
        Span<float> scores = stackalloc float[classes];
        _bias.CopyTo(scores);
        for (var i = 0; i < text.Count; i++)
        {
            var value = text.Values[i];
            var row = _weights.AsSpan(text.Slots[i] * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                scores[c] += row[c] * value;
            }
        }

        for (var k = 0; k < lexicon.Length; k++)
        {
            var row = _weights.AsSpan((_lexiconStart + k) * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                scores[c] += row[c] * lexicon[k];
            }
        }

        var max = double.NegativeInfinity;
        for (var c = 0; c < classes; c++)
        {
            max = Math.Max(max, scores[c]);
        }

        double sum = 0;
        for (var c = 0; c < classes; c++)
        {
            probabilities[c] = Math.Exp(scores[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < classes; c++)
        {
            probabilities[c] /= sum;
        }

        if (classes == 2)
        {
            // A two-class model (negative, positive): neutral is not among its classes.
            probabilities[2] = probabilities[1];
            probabilities[1] = 0;
        }
    }
}
