using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The learned sentiment model: word uni- and bigrams (TF-IDF, L2-normalised) joined with the VADER lexicon
/// features (weighted ×<see cref="SentimentFeatures.DefaultWeight"/>), into a multiclass maximum-entropy
/// classifier (L-BFGS, one thread, so the same data gives the same model every time), each training row
/// weighted by its corpus. Chosen on the evaluation suite's held-out corpora and DEV sets (README); in a
/// scikit-learn comparison on the same data, character n-grams added nothing out of domain.
/// </summary>
public static class SentimentPipeline
{
    /// <summary>Changes whenever the features change; a model folder with another prefix is trained again on first use.</summary>
    public const string ModelVersionPrefix = "sentiment-lbfgs-v3";

    /// <summary>The version prefix of a language's model: <see cref="ModelVersionPrefix"/> for English; Russian and Chinese models read word forms.</summary>
    public static string VersionPrefix(string language) => language switch
    {
        Core.Languages.Russian => "sentiment-ru-stems-v1",
        Core.Languages.Chinese => "sentiment-zh-jieba-v1",
        _ => ModelVersionPrefix,
    };

    /// <summary>
    /// L2 weight of the classifier. Measured on the DEV sets' mean macro-F1 (and fit time on 2 cores): 0.3 → 0.619 (270 s),
    /// 1 → 0.627 (240 s), 3 → 0.626 (85 s): strong regularisation carries across domains as well and fits fastest.
    /// </summary>
    public const float L2 = 3f;

    public static IEstimator<ITransformer> Build(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = true,
                KeepPunctuations = false,
                KeepNumbers = false,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
                CharFeatureExtractor = null,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(SentimentRow.Text)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(SentimentRow.Lexicon)))
            // The optimiser reads the data once per step (hundreds of them): without the cache every step featurised all
            // rows again (n-grams, term keys, emitted cursors: 90 % of a fit's time). The cache changes no number.
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                ExampleWeightColumnName = nameof(SentimentRow.Weight),
                NumberOfThreads = 1,
                L2Regularization = L2,
                L1Regularization = 0,
                OptimizationTolerance = 1e-5f,
                MaximumNumberOfIterations = 300,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
