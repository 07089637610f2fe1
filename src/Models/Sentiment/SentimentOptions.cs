using System.ComponentModel.DataAnnotations;

namespace Pipeline.Models.Sentiment;

/// <summary>Configuration section <c>Sentiment</c>: where the model, its training data and the VADER lexicon live.</summary>
public sealed class SentimentOptions
{
    public const string Section = "Sentiment";

    /// <summary>Folder of model.zip, ngrams.bin and metrics.json; trained there on first use when missing.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models/sentiment";

    [Required]
    public string TrainingDataDirectory { get; set; } = "data/sentiment";

    [Required]
    public string LexiconFile { get; set; } = "data/lexicons/vader_lexicon.txt";

    /// <summary>Names and fixed terms whose words are not feelings ("credit card"): see <see cref="SentimentNames"/>. Part of the model's data.</summary>
    [Required]
    public string NamesFile { get; set; } = "data/lexicons/sentiment-names.en.txt";

    /// <summary>Folds of the cross-validation whose figures go into metrics.json.</summary>
    [Range(2, 20)]
    public int Folds { get; set; } = 5;
}
