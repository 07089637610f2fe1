using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// Gives the current sentiment model: the one in <see cref="SentimentOptions.ModelDirectory"/>, or, when
/// there is none yet (a fresh clone), one trained there first from the shipped data. Training is
/// deterministic, so every fresh clone gets the same model.
/// </summary>
public sealed class SentimentModelProvider(SentimentOptions options, ILogger logger)
{
    /// <summary>
    /// The shipped model's class bias (negative, neutral, positive): its training corpora are reviews, tweets, Reddit
    /// and subtitles, where negatives are rarer than in customer messages. Chosen as the best mean macro-F1 over the
    /// evaluation suite's DEV sets (<c>--bias-grid</c>, README); never on one corpus.
    /// </summary>
    public static readonly double[] ShippedClassBias = [1.6, 1.3, 1.0];

    public VaderScorer CreateBaseline() => new(VaderLexicon.Load(options.LexiconFile));

    public SentimentFeatures CreateFeatures(VaderScorer baseline) => new(baseline, SentimentNames.Load(options.NamesFile));

    /// <summary>The hash of what the shipped model is made from: the training files and the names file.</summary>
    public string ShippedDataHash() => SentimentTrainingData.HashFiles([.. SentimentTrainingData.Files(options.TrainingDataDirectory), options.NamesFile]);

    /// <param name="folds">Cross-validation folds (each a fit of about 20 s), or 0 for a fit only.</param>
    public SentimentMetricsFile Train(string outputDirectory, int folds)
    {
        var baseline = CreateBaseline();
        var rows = SentimentTrainingData.Load(options.TrainingDataDirectory);
        var hash = ShippedDataHash();
        logger.LogInformation("Training the sentiment model on {Rows} sentences ({Plan})", rows.Count, folds > 0 ? $"{folds}-fold cross-validation, then all rows" : "all rows, no cross-validation");
        return new SentimentTrainer(CreateFeatures(baseline), baseline).Train(rows, hash, folds, outputDirectory, ShippedClassBias, ShippedData);
    }

    /// <summary>
    /// Trains on a team's labelled rows, alone or with the shipped data (<paramref name="withShipped"/>). A model needs
    /// examples of all three classes: two-class data (0/1) trains only together with the shipped data. No class bias:
    /// a team's own labels are already of its domain.
    /// </summary>
    public SentimentMetricsFile TrainOnTeamData(TeamSentimentData team, string fileName, bool withShipped, int folds, string outputDirectory)
    {
        var rows = new List<LabelledSentence>(team.Rows);
        var hash = team.Hash;
        if (withShipped)
        {
            // Both data sets: the hash of the two hashes.
            rows.AddRange(SentimentTrainingData.Load(options.TrainingDataDirectory));
            var both = System.Text.Encoding.UTF8.GetBytes(team.Hash + ShippedDataHash());
            hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(both));
        }

        var missing = Enum.GetValues<SentimentClass>().Where(c => !rows.Any(r => r.Label == c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{fileName} has no {string.Join(" or ", missing.Select(c => c.ToName()))} rows" +
                (withShipped ? "." : " (the model needs all three classes): label some, or add --with-shipped to train together with the shipped data."));
        }

        var baseline = CreateBaseline();
        logger.LogInformation("Training the sentiment model on {Rows} rows of {File}{Shipped} ({Skipped} skipped; {Plan})",
            team.Rows.Count, fileName, withShipped ? $" and {rows.Count - team.Rows.Count} shipped rows" : string.Empty, team.Skipped,
            folds > 0 ? $"{folds}-fold cross-validation, then all rows" : "no cross-validation");
        return new SentimentTrainer(CreateFeatures(baseline), baseline)
            .Train(rows, hash, folds, outputDirectory, classBias: null, trainedOn: withShipped ? $"{fileName} with the shipped data" : fileName, skipped: team.Skipped);
    }

    /// <summary>A model folder (model.zip, ngrams.bin, weights.bin and metrics.json) written by <c>train sentiment</c>; a missing weights.bin is made again from model.zip.</summary>
    public (SentimentModel Model, SentimentMetricsFile Metrics) Load(string directory)
    {
        var modelPath = Path.Combine(directory, SentimentModelFiles.ModelFile);
        var metricsPath = Path.Combine(directory, SentimentModelFiles.MetricsFile);
        if (!File.Exists(modelPath) || !File.Exists(metricsPath))
        {
            throw new FileNotFoundException($"'{directory}' holds no sentiment model (model.zip, ngrams.bin and metrics.json); `train sentiment --out {directory}` writes one.");
        }

        // The lexicon features (VADER's lexicon, the names) are read on another core while the model's own files load.
        var features = Task.Run(() => CreateFeatures(CreateBaseline()));
        try
        {
            var metrics = JsonSerializer.Deserialize<SentimentMetricsFile>(File.ReadAllText(metricsPath), SentimentModelFiles.Json)
                ?? throw new InvalidDataException($"{metricsPath} is empty; train the model again.");
            return (SentimentModel.Load(modelPath, features, metrics.ModelVersion, metrics.ClassBias), metrics);
        }
        finally
        {
            // Nothing is left running (or failing unobserved) behind a failure of the model's files.
            try
            {
                features.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }

    public (SentimentModel Model, SentimentMetricsFile Metrics) LoadOrTrain()
    {
        if (!File.Exists(Path.Combine(options.ModelDirectory, SentimentModelFiles.ModelFile)) || !File.Exists(Path.Combine(options.ModelDirectory, SentimentModelFiles.MetricsFile)))
        {
            logger.LogWarning("No sentiment model in {Directory}: training one now (about 20 s, deterministic; `train sentiment` adds cross-validated metrics)", options.ModelDirectory);
            Train(options.ModelDirectory, folds: 0);
        }

        if (!File.Exists(Path.Combine(options.ModelDirectory, SentimentNgrams.FileName)))
        {
            // Made before the model's weights were applied directly: the n-gram file comes from the training data.
            logger.LogWarning("The sentiment model in {Directory} has no {File} (made by an earlier pipeline): training it again", options.ModelDirectory, SentimentNgrams.FileName);
            Train(options.ModelDirectory, folds: 0);
        }

        var loaded = Load(options.ModelDirectory);
        if (!loaded.Metrics.ModelVersion.StartsWith(SentimentPipeline.ModelVersionPrefix + "+", StringComparison.Ordinal))
        {
            // Made by an earlier pipeline: its features are not the ones this code makes, so its scores would be wrong.
            logger.LogWarning("The sentiment model in {Directory} is {Version}, made by an earlier pipeline: training {Prefix} now", options.ModelDirectory, loaded.Metrics.ModelVersion, SentimentPipeline.ModelVersionPrefix);
            Train(options.ModelDirectory, folds: 0);
            loaded = Load(options.ModelDirectory);
        }

        var metrics = loaded.Metrics;
        // A team's model (trainedOn names its file) is trained on other data on purpose.
        var shipped = metrics.TrainedOn is null or ShippedData;
        if (shipped && !string.Equals(ShippedDataHash(), metrics.DataHash, StringComparison.Ordinal))
        {
            logger.LogWarning("The sentiment model {Version} was trained on other data than {Directory} and {Names} hold now; run `train sentiment` to refresh it", metrics.ModelVersion, options.TrainingDataDirectory, options.NamesFile);
        }

        return loaded;
    }

    private const string ShippedData = "the shipped data";
}
