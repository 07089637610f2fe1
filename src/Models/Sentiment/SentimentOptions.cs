using System.ComponentModel.DataAnnotations;
using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>Configuration section <c>Sentiment</c>: where the model, its training data and the VADER lexicon live.</summary>
public sealed class SentimentOptions
{
    public const string Section = "Sentiment";

    /// <summary>Folder of model.zip, ngrams.bin and metrics.json; trained there on first use when missing.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models/sentiment";

    /// <summary>Folder of the Russian model (interactions in Russian are scored by it).</summary>
    [Required]
    public string RussianModelDirectory { get; set; } = "models/sentiment-ru";

    /// <summary>Folder of the Chinese model (interactions in Chinese are scored by it).</summary>
    [Required]
    public string ChineseModelDirectory { get; set; } = "models/sentiment-zh";

    /// <summary>The English training files; its <c>ru</c> and <c>zh</c> folders hold the Russian and Chinese ones.</summary>
    [Required]
    public string TrainingDataDirectory { get; set; } = "data/sentiment";

    /// <summary>The languages with a sentiment model of their own; any other is scored by the English model.</summary>
    public static readonly IReadOnlyList<string> ModelLanguages = [Languages.English, Languages.Russian, Languages.Chinese];

    /// <summary>The language whose model scores texts of <paramref name="language"/>: its own, or English.</summary>
    public static string ModelLanguageOf(string language) => language is Languages.Russian or Languages.Chinese ? language : Languages.English;

    public string ModelDirectoryOf(string language) => ModelLanguageOf(language) switch
    {
        Languages.Russian => RussianModelDirectory,
        Languages.Chinese => ChineseModelDirectory,
        _ => ModelDirectory,
    };

    /// <summary>The shipped training files of a language's model: <see cref="TrainingDataDirectory"/>, or its <c>ru</c> or <c>zh</c> folder.</summary>
    public string TrainingDataOf(string language) => ModelLanguageOf(language) == Languages.English ? TrainingDataDirectory : Path.Combine(TrainingDataDirectory, language);

    [Required]
    public string LexiconFile { get; set; } = "data/lexicons/vader_lexicon.txt";

    /// <summary>Names and fixed terms whose words are not feelings ("credit card"): see <see cref="SentimentNames"/>. Part of the model's data.</summary>
    [Required]
    public string NamesFile { get; set; } = "data/lexicons/sentiment-names.en.txt";

    /// <summary>Folds of the cross-validation whose figures go into metrics.json.</summary>
    [Range(2, 20)]
    public int Folds { get; set; } = 5;
}
