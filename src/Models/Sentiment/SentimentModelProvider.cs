using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// Gives the current sentiment model: the one in <see cref="SentimentOptions.ModelDirectory"/>, or, when
/// there is none yet (a fresh clone), one trained there first from the shipped data. Training is
/// deterministic, so every fresh clone gets the same model.
/// </summary>
public sealed class SentimentModelProvider(SentimentOptions options, ILogger logger)
{
    public VaderScorer CreateBaseline() => new(VaderLexicon.Load(options.LexiconFile));

    /// <param name="crossValidate">With <see cref="SentimentOptions.Folds"/>-fold cross-validation (several minutes) or a fit only (about a minute).</param>
    public SentimentMetricsFile Train(string outputDirectory, bool crossValidate = true)
    {
        var folds = crossValidate ? options.Folds : 0;
        var baseline = CreateBaseline();
        var rows = SentimentTrainingData.Load(options.TrainingDataDirectory);
        var hash = SentimentTrainingData.Hash(options.TrainingDataDirectory);
        logger.LogInformation("Training the sentiment model on {Rows} sentences ({Plan})", rows.Count, folds > 0 ? $"{folds}-fold cross-validation, then all rows" : "all rows, no cross-validation");
        return new SentimentTrainer(new SentimentFeatures(baseline), baseline).Train(rows, hash, folds, outputDirectory);
    }

    public (SentimentModel Model, SentimentMetricsFile Metrics) LoadOrTrain()
    {
        var modelPath = Path.Combine(options.ModelDirectory, SentimentModelFiles.ModelFile);
        var metricsPath = Path.Combine(options.ModelDirectory, SentimentModelFiles.MetricsFile);
        if (!File.Exists(modelPath) || !File.Exists(metricsPath))
        {
            logger.LogWarning("No sentiment model in {Directory}: training one now (about a minute, deterministic; `train sentiment` adds cross-validated metrics)", options.ModelDirectory);
            Train(options.ModelDirectory, crossValidate: false);
        }

        var metrics = JsonSerializer.Deserialize<SentimentMetricsFile>(File.ReadAllText(metricsPath), SentimentModelFiles.Json)
            ?? throw new InvalidDataException($"{metricsPath} is empty; delete the folder to retrain.");
        var hash = SentimentTrainingData.Hash(options.TrainingDataDirectory);
        if (!string.Equals(hash, metrics.DataHash, StringComparison.Ordinal))
        {
            logger.LogWarning("The sentiment model {Version} was trained on other data than {Directory} holds now; run `train sentiment` to refresh it", metrics.ModelVersion, options.TrainingDataDirectory);
        }

        return (SentimentModel.Load(modelPath, new SentimentFeatures(CreateBaseline()), metrics.ModelVersion), metrics);
    }
}
