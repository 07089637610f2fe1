namespace Pipeline.Models.Topics;

/// <summary>
/// A document's topic distribution from the fitted topics' word distributions p(word | topic), computed directly
/// and deterministically: the fold-in EM of LDA with the topics held fixed. Starting from equal shares, each word's
/// occurrences are split over the topics in proportion to share × p(word | topic), and the shares become
/// (words given to the topic + α) / (words + K·α), α = <see cref="TopicOptions.AlphaSum"/> / K, until no share
/// moves by more than 10⁻⁴ (at most <see cref="MaxIterations"/> rounds). ML.NET's LightLDA infers by Gibbs
/// sampling in native code through a data view per batch; this gives the same dominant topic for most documents
/// (measured in the tests and BENCHMARKS.md) at a small fraction of the cost, and the same answer every time.
/// The word distributions are saved at fitting as <see cref="FileName"/>.
/// </summary>
public sealed class TopicInference
{
    public const string FileName = "phi.bin";

    /// <summary>Part of the topic model's version: scores made by another inference are made again.</summary>
    public const string Method = "foldin1";

    public const int MaxIterations = 100;

    private const string Magic = "pipeline-topic-phi-1";
    private const double Tolerance = 1e-4;

    /// <summary>p(word | topic), word-major: [word × K + topic].</summary>
    private readonly float[] _phi;
    private readonly double _alpha;

    public TopicInference(double[][] phi, double alphaSum)
    {
        Topics = phi.Length;
        Words = Topics == 0 ? 0 : phi[0].Length;
        _phi = new float[Topics * Words];
        for (var t = 0; t < Topics; t++)
        {
            for (var w = 0; w < Words; w++)
            {
                _phi[w * Topics + t] = (float)phi[t][w];
            }
        }

        _alpha = alphaSum / Math.Max(1, Topics);
        AlphaSum = alphaSum;
    }

    public int Topics { get; }

    public int Words { get; }

    public double AlphaSum { get; }

    /// <summary>
    /// The shares of a document whose distinct words are <paramref name="words"/> (vocabulary indexes) occurring
    /// <paramref name="counts"/> times, into <paramref name="theta"/> (K values). Returns false, leaving theta
    /// untouched, when no word has weight in any topic. <paramref name="scratch"/>: 2K doubles of the caller's.
    /// </summary>
    public bool Infer(ReadOnlySpan<int> words, ReadOnlySpan<int> counts, Span<double> theta, Span<double> scratch)
    {
        var k = Topics;
        var given = scratch[..k];
        var split = scratch[k..(2 * k)];
        double total = 0;
        for (var i = 0; i < words.Length; i++)
        {
            var row = _phi.AsSpan(words[i] * k, k);
            double any = 0;
            foreach (var p in row)
            {
                any += p;
            }

            total += any > 0 ? counts[i] : 0;
        }

        if (total == 0)
        {
            return false;
        }

        theta.Fill(1.0 / k);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            given.Clear();
            for (var i = 0; i < words.Length; i++)
            {
                var row = _phi.AsSpan(words[i] * k, k);
                double sum = 0;
                for (var t = 0; t < k; t++)
                {
                    split[t] = theta[t] * row[t];
                    sum += split[t];
                }

                if (sum <= 0)
                {
                    continue;
                }

                var scale = counts[i] / sum;
                for (var t = 0; t < k; t++)
                {
                    given[t] += split[t] * scale;
                }
            }

            var moved = 0.0;
            var denominator = total + k * _alpha;
            for (var t = 0; t < k; t++)
            {
                var share = (given[t] + _alpha) / denominator;
                moved = Math.Max(moved, Math.Abs(share - theta[t]));
                theta[t] = share;
            }

            if (moved < Tolerance)
            {
                break;
            }
        }

        return true;
    }

    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(Topics);
        writer.Write(Words);
        writer.Write(AlphaSum);
        for (var t = 0; t < Topics; t++)
        {
            for (var w = 0; w < Words; w++)
            {
                writer.Write(_phi[w * Topics + t]);
            }
        }
    }

    public static TopicInference Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist: the topic model was fitted by an earlier pipeline; fit it again with `train topics`.", path);
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"'{path}' is not a topic word-distribution file of this pipeline; fit the topics again with `train topics`.");
            }

            var topics = reader.ReadInt32();
            var words = reader.ReadInt32();
            var alphaSum = reader.ReadDouble();
            var phi = new double[topics][];
            for (var t = 0; t < topics; t++)
            {
                phi[t] = new double[words];
                for (var w = 0; w < words; w++)
                {
                    phi[t][w] = reader.ReadSingle();
                }
            }

            return new TopicInference(phi, alphaSum);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is cut short; fit the topics again with `train topics`.", e);
        }
    }
}
