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
        Core.Languages.Russian => "sentiment-ru-stems-v2",
        Core.Languages.Chinese => "sentiment-zh-jieba-v2",
        _ => ModelVersionPrefix,
    };

    /// <summary>
    /// L2 weight of the classifier. Measured on the DEV sets' mean macro-F1 (and fit time on 2 cores): 0.3 → 0.619 (270 s),
    /// 1 → 0.627 (240 s), 3 → 0.626 (85 s): strong regularisation carries across domains as well and fits fastest.
    /// </summary>
    public const float L2 = 3f;

    /// <summary>
    /// The L2 weight of a language's classifier: English <see cref="L2"/>; weaker for Russian (0.3) and Chinese (1), measured
    /// on their DEV sets (README, "Sentiment in Russian and Chinese"): training on RuSentiment, mean macro-F1 over its test
    /// split, CEDR's and the SentiRuEval reviews 0.638 at 3, 0.678 at 1, 0.688 at 0.3, 0.687 at 0.1; leaving each
    /// online-shopping category out in turn, mean accuracy 0.876 at 3, 0.887 at 1 (better on seven categories of nine than
    /// 0.3, whose mean is the same), 10 worse on books (0.667).
    /// </summary>
    public static float L2Of(string language) => language switch
    {
        Core.Languages.Russian => 0.3f,
        Core.Languages.Chinese => 1f,
        _ => L2,
    };

    public static IEstimator<ITransformer> Build(MLContext ml, string language = Core.Languages.English) =>
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
                L2Regularization = L2Of(language),
                L1Regularization = 0,
                OptimizationTolerance = 1e-5f,
                MaximumNumberOfIterations = 300,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
