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

    /// <summary>The features of a language's model: English masks the names file's names; Russian and Chinese read word forms.</summary>
    public SentimentFeatures CreateFeatures(VaderScorer baseline, string language = Languages.English) =>
        SentimentOptions.ModelLanguageOf(language) == Languages.English
            ? new(baseline, SentimentNames.Load(options.NamesFile))
            : new(baseline, SentimentNames.None, language: language);

    /// <summary>The hash of what a language's shipped model is made from: its training files (and, for English, the names file).</summary>
    public string ShippedDataHash(string language = Languages.English) => SentimentOptions.ModelLanguageOf(language) == Languages.English
        ? SentimentTrainingData.HashFiles([.. SentimentTrainingData.Files(options.TrainingDataDirectory), options.NamesFile])
        : SentimentTrainingData.HashFiles(SentimentTrainingData.Files(options.TrainingDataOf(language)));

    /// <summary>The class bias of a language's shipped model (<see cref="ShippedClassBias"/> for English; none for the others, whose data has another mix).</summary>
    public static double[]? ShippedClassBiasOf(string language) => SentimentOptions.ModelLanguageOf(language) == Languages.English ? ShippedClassBias : null;

    /// <param name="folds">Cross-validation folds (each a fit of about 20 s), or 0 for a fit only.</param>
    /// <param name="language">Whose model: "en" (the default), "ru" or "zh", each from its own shipped files.</param>
    public SentimentMetricsFile Train(string outputDirectory, int folds, string language = Languages.English)
    {
        language = SentimentOptions.ModelLanguageOf(language);
        var baseline = CreateBaseline();
        var rows = SentimentTrainingData.Load(options.TrainingDataOf(language));
        if (language != Languages.English)
        {
            // English's shipped model has its class bias, chosen on the DEV sets; the others have too few DEV sets to choose one on.
            rows = SentimentTrainingData.Balanced(rows);
        }

        var hash = ShippedDataHash(language);
        logger.LogInformation("Training the {Language} sentiment model on {Rows} sentences ({Plan})", Languages.Describe(language), rows.Count,
            folds > 0 ? $"{folds}-fold cross-validation, then all rows" : "all rows, no cross-validation");
        return new SentimentTrainer(CreateFeatures(baseline, language), baseline).Train(rows, hash, folds, outputDirectory, ShippedClassBiasOf(language), ShippedData);
    }

    /// <summary>
    /// Trains on a team's labelled rows, alone or with the shipped data (<paramref name="withShipped"/>). A model needs
    /// examples of all three classes: two-class data (0/1) trains only together with the shipped data. No class bias:
    /// a team's own labels are already of its domain.
    /// </summary>
    /// <remarks>
    /// Each class weighs the same in total (<see cref="SentimentTrainingData.Balanced"/>): how often a class occurs in the
    /// file says how it was sampled, not how often it will occur where the model is used.
    /// Rows of negative and positive only (0/1 data) make a two-class model (<see cref="SentimentModel.TwoClass"/>); a model
    /// with one of the two missing cannot tell anything, and is refused.
    /// </remarks>
    public SentimentMetricsFile TrainOnTeamData(TeamSentimentData team, string fileName, bool withShipped, int folds, string outputDirectory, string language = Languages.English)
    {
        language = SentimentOptions.ModelLanguageOf(language);
        IReadOnlyList<LabelledSentence> rows = [.. team.Rows];
        var hash = team.Hash;
        if (withShipped)
        {
            // Both data sets: the hash of the two hashes.
            rows = [.. rows, .. SentimentTrainingData.Load(options.TrainingDataOf(language))];
            var both = System.Text.Encoding.UTF8.GetBytes(team.Hash + ShippedDataHash(language));
            hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(both));
        }

        var missing = new[] { SentimentClass.Negative, SentimentClass.Positive }.Where(c => !rows.Any(r => r.Label == c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{fileName} has no {string.Join(" or ", missing.Select(c => c.ToName()))} rows" +
                (withShipped ? "." : " (a model needs negative and positive examples, and neutral ones to tell neutral): label some, or add --with-shipped to train together with the shipped data."));
        }

        rows = SentimentTrainingData.Balanced(rows);
        var baseline = CreateBaseline();
        var neutral = rows.Any(r => r.Label == SentimentClass.Neutral);
        logger.LogInformation("Training the {Language} sentiment model on {Rows} rows of {File}{Shipped} ({Skipped} skipped; {Classes}; {Plan})",
            Languages.Describe(language), team.Rows.Count, fileName, withShipped ? $" and {rows.Count - team.Rows.Count} shipped rows" : string.Empty, team.Skipped,
            neutral ? "negative, neutral and positive" : "two classes, negative and positive",
            folds > 0 ? $"{folds}-fold cross-validation, then all rows" : "no cross-validation");
        return new SentimentTrainer(CreateFeatures(baseline, language), baseline)
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

        // The n-gram file, the longest part of loading, is read on another core from here on: the metrics' JSON, the lexicon
        // features and the model's own files load meanwhile (the JSON reader's first use alone takes about 40 ms).
        var ngrams = SentimentModel.StartReadingNgrams(modelPath);
        Task<SentimentFeatures>? features = null;
        try
        {
            var metrics = JsonSerializer.Deserialize<SentimentMetricsFile>(File.ReadAllText(metricsPath), SentimentModelFiles.Json)
                ?? throw new InvalidDataException($"{metricsPath} is empty; train the model again.");
            var language = metrics.Language ?? Languages.English;
            if (!SentimentOptions.ModelLanguages.Contains(language))
            {
                throw new InvalidDataException($"{metricsPath} names the language '{language}'; a sentiment model reads en, ru or zh. Train it again.");
            }

            // The lexicon features (VADER's lexicon, the names) are read on another core while the model's own files load.
            features = Task.Run(() => CreateFeatures(CreateBaseline(), language));
            return (SentimentModel.Load(modelPath, ngrams, features, metrics.ModelVersion, metrics.ClassBias), metrics);
        }
        finally
        {
            // Nothing is left running (or failing unobserved) behind a failure: the metrics' error, or the model's files', is the one thrown.
            WaitQuietly(ngrams);
            WaitQuietly(features);
        }
    }

    private static void WaitQuietly(Task? task)
    {
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>
    /// The configured model of <paramref name="language"/> (English's, Russian's or Chinese's folder), trained there first
    /// from its shipped files when the folder holds none or holds one made by an earlier pipeline.
    /// </summary>
    public (SentimentModel Model, SentimentMetricsFile Metrics) LoadOrTrain(string language = Languages.English)
    {
        language = SentimentOptions.ModelLanguageOf(language);
        var directory = options.ModelDirectoryOf(language);
        var prefix = SentimentPipeline.VersionPrefix(language);
        if (!File.Exists(Path.Combine(directory, SentimentModelFiles.ModelFile)) || !File.Exists(Path.Combine(directory, SentimentModelFiles.MetricsFile)))
        {
            logger.LogWarning("No sentiment model in {Directory} ({Language}): training one now (deterministic; `train sentiment` adds cross-validated metrics)", directory, Languages.Describe(language));
            Train(directory, folds: 0, language);
        }

        if (!File.Exists(Path.Combine(directory, SentimentNgrams.FileName)))
        {
            // Made before the model's weights were applied directly: the n-gram file comes from the training data.
            logger.LogWarning("The sentiment model in {Directory} has no {File} (made by an earlier pipeline): training it again", directory, SentimentNgrams.FileName);
            Train(directory, folds: 0, language);
        }

        var loaded = Load(directory);
        if (!loaded.Metrics.ModelVersion.StartsWith(prefix + "+", StringComparison.Ordinal))
        {
            // Made by an earlier pipeline, or for another language: its features are not the ones this code makes here, so its scores would be wrong.
            logger.LogWarning("The sentiment model in {Directory} is {Version}, not a {Language} model of this pipeline: training {Prefix} now", directory, loaded.Metrics.ModelVersion, Languages.Describe(language), prefix);
            Train(directory, folds: 0, language);
            loaded = Load(directory);
        }

        var metrics = loaded.Metrics;
        // A team's model (trainedOn names its file) is trained on other data on purpose.
        var shipped = metrics.TrainedOn is null or ShippedData;
        if (shipped && !string.Equals(ShippedDataHash(language), metrics.DataHash, StringComparison.Ordinal))
        {
            logger.LogWarning("The sentiment model {Version} was trained on other data than {Directory} holds now; run `train sentiment --language {Language}` to refresh it", metrics.ModelVersion, options.TrainingDataOf(language), language);
        }

        return loaded;
    }

    /// <summary>The models of every language that has one (<see cref="LoadOrTrain"/> for each), English's first.</summary>
    public SentimentModels LoadOrTrainAll()
    {
        var models = new Dictionary<string, SentimentModel>(StringComparer.Ordinal);
        foreach (var language in SentimentOptions.ModelLanguages)
        {
            models[language] = LoadOrTrain(language).Model;
        }

        return new SentimentModels(models);
    }

    private const string ShippedData = "the shipped data";
}
