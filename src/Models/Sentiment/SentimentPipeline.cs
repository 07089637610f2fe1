using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The learned sentiment model: word uni- and bigrams (TF, L2-normalised) joined with the VADER lexicon
/// features (weighted ×<see cref="SentimentFeatures.DefaultWeight"/>), into a multiclass maximum-entropy
/// classifier (SDCA, one thread, so a fixed seed gives the same model every time). Chosen by how well it
/// does on a training corpus held out as a test domain (README): character n-grams, a lighter lexicon
/// weight, fewer SDCA iterations and L-BFGS (better in-domain, worse out of domain) all did worse there.
/// </summary>
public static class SentimentPipeline
{
    public const string ModelVersionPrefix = "sentiment-sdca-v1";

    public static IEstimator<ITransformer> Build(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = true,
                KeepPunctuations = false,
                KeepNumbers = false,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = null,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(SentimentRow.Text)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(SentimentRow.Lexicon)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 100,
                L2Regularization = 1e-4f,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
