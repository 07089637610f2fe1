using Microsoft.ML.Data;
using Pipeline.Core;
using Pipeline.Models.Text;

namespace Pipeline.Models.Sentiment;

/// <summary>One sentence as the ML.NET pipeline sees it: its text, the lexicon features, and (for training) the label.</summary>
public sealed class SentimentRow
{
    public const int LexiconFeatureCount = 8;

    public string Text { get; set; } = string.Empty;

    [VectorType(LexiconFeatureCount)]
    public float[] Lexicon { get; set; } = new float[LexiconFeatureCount];

    /// <summary>"negative", "neutral" or "positive"; empty when scoring.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>How much the row counts in training (corpus weights, <see cref="SentimentTrainingData.WeightOf"/>).</summary>
    public float Weight { get; set; } = 1f;
}

/// <summary>What the pipeline adds: a probability per class in the order negative, neutral, positive.</summary>
public sealed class SentimentRowPrediction
{
    [ColumnName("Score")]
    public float[] Probabilities { get; set; } = [];
}

/// <summary>
/// The lexicon half of the model's features, from the VADER scorer: compound, positive, negative and
/// neutral shares (valence with negation, boosters, capitals and "!" already applied), plus whether a
/// negation, "!", "?" or shouting occurs.
/// </summary>
/// <param name="names">Names whose words are not feelings ("credit card"), masked before anything is read.</param>
/// <param name="weight">Multiplies every lexicon feature: against L2-normalised n-grams, a larger weight lets the
/// regularised classifier lean more on the lexicon, which carries across domains better than words do.</param>
/// <param name="language">The language of the texts: a Russian or Chinese model reads word forms (<see cref="WordForms"/>:
/// stems, jieba's words) where an English one reads the words as written. The lexicon features are the same for all
/// (in Russian and Chinese they are "!", "?" and emoticons; VADER's words are English).</param>
public sealed class SentimentFeatures(VaderScorer vader, SentimentNames names, float weight = SentimentFeatures.DefaultWeight, string language = Languages.English)
{
    public const float DefaultWeight = 6f;

    public string Language => language;

    /// <summary>Whether the model reads word forms (<see cref="Prepare"/>) rather than the text as written.</summary>
    public bool ReadsWordForms { get; } = WordForms.Changes(language);

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "no", "never", "nothing", "nobody", "none", "cannot", "without" };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NegationLookup = Negations.GetAlternateLookup<ReadOnlySpan<char>>();

    public SentimentRow Row(string text, string label = "", float weight = 1f)
    {
        text = names.Mask(Fold(text));
        var lexicon = new float[SentimentRow.LexiconFeatureCount];
        Lexicon(text, lexicon);
        return new SentimentRow { Text = ReadsWordForms ? Prepare(text).ToString() : text, Label = label, Weight = weight, Lexicon = lexicon };
    }

    /// <summary>A Chinese text with its full-width forms folded (<see cref="FullWidth"/>), before it is split into sentences; others as they are.</summary>
    public string Fold(string text) => language == Languages.Chinese ? FullWidth.Fold(text) : text;

    /// <summary>What the n-gram featuriser reads of a masked sentence: its word forms, joined by spaces, for a language that has them; the sentence itself otherwise.</summary>
    /// <remarks>
    /// A Chinese sentence's words are followed by its characters, each marked with a leading "c" ("c好"), so the classifier
    /// sees word and character uni- and bigrams: where jieba cuts a product's or a domain's words differently, the
    /// characters still carry ("不好用", "不好"). Measured leaving each of the online-shopping DEV set's nine categories out
    /// in turn (at L2 3): mean accuracy 0.876 with the characters, 0.866 with the words alone (README).
    /// </remarks>
    public ReadOnlySpan<char> Prepare(ReadOnlySpan<char> masked) => !ReadsWordForms ? masked
        : language == Languages.Chinese ? WithCharacters(WordForms.Of(masked.ToString(), language), masked)
        : WordForms.Of(masked.ToString(), language);

    /// <summary>The marker of a Chinese character among the words (<see cref="Prepare"/>).</summary>
    public const char CharacterMark = 'c';

    private static string WithCharacters(string words, ReadOnlySpan<char> text)
    {
        var builder = new System.Text.StringBuilder(words.Length + text.Length * 3);
        builder.Append(words);
        foreach (var c in text)
        {
            if (c >= '\u2E80' && char.IsLetter(c))
            {
                builder.Append(' ').Append(CharacterMark).Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Masks the names of a sentence (what the model reads instead of the sentence).</summary>
    public string Mask(string text) => names.Mask(text);

    /// <summary>The lexicon features of a masked sentence into <paramref name="into"/> (<see cref="SentimentRow.LexiconFeatureCount"/> values).</summary>
    /// <returns>The sentence's words (white-space separated), which the features count anyway.</returns>
    public int Lexicon(string masked, Span<float> into) => Lexicon(masked.AsSpan(), into);

    /// <summary>The names of <paramref name="sentence"/> masked (<see cref="SentimentNames.Mask(ReadOnlySpan{char}, ref char[])"/>).</summary>
    public ReadOnlySpan<char> Mask(ReadOnlySpan<char> sentence, ref char[] buffer)
    {
        var length = names.Mask(sentence, ref buffer);
        return length < 0 ? sentence : buffer.AsSpan(0, length);
    }

    /// <inheritdoc cref="Lexicon(string, Span{float})"/>
    public int Lexicon(ReadOnlySpan<char> masked, Span<float> into)
    {
        var scores = vader.Score(masked);
        var span = masked;
        int words = 0, shouted = 0, exclamations = 0;
        var negated = false;
        var question = false;
        var at = 0;
        while (at < span.Length)
        {
            while (at < span.Length && char.IsWhiteSpace(span[at]))
            {
                at++;
            }

            var start = at;
            while (at < span.Length && !char.IsWhiteSpace(span[at]))
            {
                exclamations += span[at] == '!' ? 1 : 0;
                question |= span[at] == '?';
                at++;
            }

            if (at == start)
            {
                break;
            }

            var word = span[start..at];
            words++;
            negated = negated || IsNegation(word.Trim(",.!?;:"));
            shouted += IsShouted(word) ? 1 : 0;
        }

        into[0] = (float)scores.Compound * weight;
        into[1] = (float)scores.Positive * weight;
        into[2] = (float)scores.Negative * weight;
        into[3] = (float)scores.Neutral * weight;
        into[4] = (negated ? 1f : 0f) * weight;
        into[5] = Math.Min(exclamations, 3) / 3f * weight;
        into[6] = (question ? 1f : 0f) * weight;
        into[7] = (words == 0 ? 0f : Math.Min(1f, shouted * 3f / words)) * weight;
        return words;
    }

    private static bool IsNegation(ReadOnlySpan<char> word)
    {
        // Every negation word starts with n, c or w and every contraction ends with t: most words are neither, and need no lower case.
        if (word.IsEmpty || (word[0] | 0x20) is not ('n' or 'c' or 'w') && (word[^1] | 0x20) is not 't')
        {
            return false;
        }

        if (word.Length > 16)
        {
            return word.EndsWith("n't", StringComparison.OrdinalIgnoreCase) || word.EndsWith("n’t", StringComparison.OrdinalIgnoreCase);
        }

        Span<char> lower = stackalloc char[word.Length];

        word.ToLowerInvariant(lower);
        return NegationLookup.Contains(lower) || lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n’t", StringComparison.Ordinal);
    }

    // At least three characters, a letter, every letter upper case, and not a mask of X's.
    private static bool IsShouted(ReadOnlySpan<char> word)
    {
        if (word.Length < 3)
        {
            return false;
        }

        bool letter = false, onlyX = true;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                letter = true;
                if (!char.IsUpper(c))
                {
                    return false;
                }
            }

            onlyX &= c is 'X' or 'x';
        }

        return letter && !onlyX;
    }
}
