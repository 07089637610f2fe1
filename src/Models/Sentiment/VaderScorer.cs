using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>The four VADER scores of a text: shares of positive, neutral and negative, and the normalised compound in [-1, 1].</summary>
public readonly record struct VaderScores(double Positive, double Neutral, double Negative, double Compound)
{
    /// <summary>The usual reading of the compound: ≥ 0.05 positive, ≤ -0.05 negative, else neutral.</summary>
    public SentimentClass Class => Compound >= 0.05 ? SentimentClass.Positive : Compound <= -0.05 ? SentimentClass.Negative : SentimentClass.Neutral;
}

/// <summary>
/// A faithful port of the VADER rule-based scorer (vaderSentiment 3.3.2): lexicon valence, booster and
/// dampener words, negation ("not", "n't", "never so"), ALL CAPS emphasis, "but" shifts, "least",
/// "kind of", and "!"/"?" amplification. It is the in-project baseline, and its scores are features of the
/// learned model. Reference outputs from the VADER README are the unit tests.
/// </summary>
public sealed class VaderScorer(VaderLexicon lexicon)
{
    private const double BoosterIncrement = 0.293;
    private const double BoosterDecrement = -0.293;
    private const double CapsIncrement = 0.733;
    private const double NegationScalar = -0.74;

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't",
        "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
        "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt",
        "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
        "wouldn't", "rarely", "seldom", "despite",
    };

    private static readonly Dictionary<string, double> Boosters = BuildBoosters();

    private static readonly Dictionary<string, double> SpecialIdioms = new(StringComparer.Ordinal)
    {
        ["the shit"] = 3, ["the bomb"] = 3, ["bad ass"] = 1.5, ["badass"] = 1.5, ["bus stop"] = 0.0, ["yeah right"] = -2,
        ["kiss of death"] = -1.5, ["to die for"] = 3, ["beating heart"] = 3.1, ["broken heart"] = -2.9,
    };

    /// <summary>The words of the idioms and of the booster phrases ("sort of"): where none occurs, no idiom can match.</summary>
    private static readonly HashSet<string> IdiomWords = SpecialIdioms.Keys.Concat(Boosters.Keys.Where(k => k.Contains(' ', StringComparison.Ordinal)))
        .SelectMany(k => k.Split(' ')).ToHashSet(StringComparer.Ordinal);

    public VaderScores Score(string text)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return new VaderScores(0, 0, 0, 0);
        }

        var lower = new string[words.Count];
        for (var w = 0; w < lower.Length; w++)
        {
            lower[w] = words[w].ToLowerInvariant();
        }

        var capsDiff = HasCapsDifference(words);
        var sentiments = new List<double>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            if (Boosters.ContainsKey(lower[i]) || (i < words.Count - 1 && lower[i] == "kind" && lower[i + 1] == "of"))
            {
                sentiments.Add(0);
                continue;
            }

            sentiments.Add(Valence(words, lower, i, capsDiff));
        }

        ButCheck(lower, sentiments);
        return ScoreValence(sentiments, text);
    }

    private double Valence(List<string> words, string[] lower, int i, bool capsDiff)
    {
        if (!lexicon.TryGetValence(lower[i], out var valence))
        {
            return 0;
        }

        // "no" followed by a lexicon word is a determiner ("no problem"), not a sentiment.
        if (lower[i] == "no" && i != words.Count - 1 && lexicon.Contains(lower[i + 1]))
        {
            valence = 0;
        }

        if ((i > 0 && lower[i - 1] == "no") || (i > 1 && lower[i - 2] == "no") || (i > 2 && lower[i - 3] == "no" && lower[i - 1] is "or" or "nor"))
        {
            lexicon.TryGetValence(lower[i], out var own);
            valence = own * NegationScalar;
        }

        if (IsUpper(words[i]) && capsDiff)
        {
            valence += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        for (var start = 0; start < 3; start++)
        {
            if (i > start && !lexicon.Contains(lower[i - (start + 1)]))
            {
                var s = ScalarIncDec(words[i - (start + 1)], lower[i - (start + 1)], valence, capsDiff);
                if (start == 1 && s != 0)
                {
                    s *= 0.95;
                }

                if (start == 2 && s != 0)
                {
                    s *= 0.9;
                }

                valence += s;
                valence = NegationCheck(valence, lower, start, i);
                if (start == 2)
                {
                    valence = IdiomsCheck(valence, lower, i);
                }
            }
        }

        return LeastCheck(valence, lower, i);
    }

    private static double ScalarIncDec(string word, string lowerWord, double valence, bool capsDiff)
    {
        if (!Boosters.TryGetValue(lowerWord, out var scalar))
        {
            return 0;
        }

        if (valence < 0)
        {
            scalar *= -1;
        }

        if (IsUpper(word) && capsDiff)
        {
            scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        return scalar;
    }

    private static double NegationCheck(double valence, string[] lower, int start, int i)
    {
        switch (start)
        {
            case 0 when IsNegated(lower[i - 1]):
                return valence * NegationScalar;
            case 1:
                if (lower[i - 2] == "never" && lower[i - 1] is "so" or "this")
                {
                    return valence * 1.25;
                }

                if (lower[i - 2] == "without" && lower[i - 1] == "doubt")
                {
                    return valence;
                }

                return IsNegated(lower[i - 2]) ? valence * NegationScalar : valence;
            case 2:
                if (lower[i - 3] == "never" && (lower[i - 2] is "so" or "this" || lower[i - 1] is "so" or "this"))
                {
                    return valence * 1.25;
                }

                if (lower[i - 3] == "without" && (lower[i - 2] == "doubt" || lower[i - 1] == "doubt"))
                {
                    return valence;
                }

                return IsNegated(lower[i - 3]) ? valence * NegationScalar : valence;
            default:
                return valence;
        }
    }

    private static double IdiomsCheck(double valence, string[] lower, int i)
    {
        // Every idiom and booster phrase has a word of IdiomWords; most contexts have none, and need no phrases built.
        var any = false;
        for (var j = Math.Max(0, i - 3); j <= Math.Min(lower.Length - 1, i + 2) && !any; j++)
        {
            any = IdiomWords.Contains(lower[j]);
        }

        if (!any)
        {
            return valence;
        }

        string[] sequences =
        [
            $"{lower[i - 1]} {lower[i]}",
            $"{lower[i - 2]} {lower[i - 1]} {lower[i]}",
            $"{lower[i - 2]} {lower[i - 1]}",
            $"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}",
            $"{lower[i - 3]} {lower[i - 2]}",
        ];
        foreach (var sequence in sequences)
        {
            if (SpecialIdioms.TryGetValue(sequence, out var idiom))
            {
                valence = idiom;
                break;
            }
        }

        if (lower.Length - 1 > i && SpecialIdioms.TryGetValue($"{lower[i]} {lower[i + 1]}", out var next))
        {
            valence = next;
        }

        if (lower.Length - 1 > i + 1 && SpecialIdioms.TryGetValue($"{lower[i]} {lower[i + 1]} {lower[i + 2]}", out var next2))
        {
            valence = next2;
        }

        // Booster and dampener bigrams such as "sort of" and "kind of".
        foreach (var gram in new[] { sequences[3], sequences[4], sequences[2] })
        {
            if (Boosters.TryGetValue(gram, out var booster))
            {
                valence += booster;
            }
        }

        return valence;
    }

    private double LeastCheck(double valence, string[] lower, int i)
    {
        if (i > 1 && !lexicon.Contains(lower[i - 1]) && lower[i - 1] == "least")
        {
            if (lower[i - 2] != "at" && lower[i - 2] != "very")
            {
                valence *= NegationScalar;
            }
        }
        else if (i > 0 && !lexicon.Contains(lower[i - 1]) && lower[i - 1] == "least")
        {
            valence *= NegationScalar;
        }

        return valence;
    }

    private static void ButCheck(string[] lower, List<double> sentiments)
    {
        var but = Array.IndexOf(lower, "but");
        if (but < 0)
        {
            return;
        }

        for (var j = 0; j < sentiments.Count; j++)
        {
            if (j < but)
            {
                sentiments[j] *= 0.5;
            }
            else if (j > but)
            {
                sentiments[j] *= 1.5;
            }
        }
    }

    private static VaderScores ScoreValence(List<double> sentiments, string text)
    {
        double sum = 0;
        foreach (var sentiment in sentiments)
        {
            sum += sentiment;
        }

        var exclamations = Math.Min(text.AsSpan().Count('!'), 4) * 0.292;
        var questions = text.AsSpan().Count('?');
        var questionEmphasis = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
        var emphasis = exclamations + questionEmphasis;
        if (sum > 0)
        {
            sum += emphasis;
        }
        else if (sum < 0)
        {
            sum -= emphasis;
        }

        var compound = Math.Clamp(sum / Math.Sqrt(sum * sum + 15), -1, 1);

        double positive = 0, negative = 0, neutral = 0;
        foreach (var s in sentiments)
        {
            if (s > 0)
            {
                positive += s + 1;
            }
            else if (s < 0)
            {
                negative += s - 1;
            }
            else
            {
                neutral += 1;
            }
        }

        if (positive > Math.Abs(negative))
        {
            positive += emphasis;
        }
        else if (positive < Math.Abs(negative))
        {
            negative -= emphasis;
        }

        var total = positive + Math.Abs(negative) + neutral;
        return total == 0
            ? new VaderScores(0, 0, 0, Math.Round(compound, 4))
            : new VaderScores(Math.Round(Math.Abs(positive / total), 3), Math.Round(Math.Abs(neutral / total), 3), Math.Round(Math.Abs(negative / total), 3), Math.Round(compound, 4));
    }

    /// <summary>Whitespace tokens with surrounding punctuation stripped, unless that leaves two characters or fewer (emoticons).</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>(text.Length / 5 + 1);
        var at = 0;
        while (at < text.Length)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            var start = at;
            while (at < text.Length && !char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            if (at > start)
            {
                var token = text.AsSpan(start, at - start);
                var stripped = token.Trim(Punctuation);
                words.Add(stripped.Length <= 2 ? token.ToString() : stripped.ToString());
            }
        }

        return words;
    }

    private static readonly char[] Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".ToCharArray();

    private static bool IsNegated(string lowerWord) => Negations.Contains(lowerWord) || lowerWord.Contains("n't", StringComparison.Ordinal);

    /// <summary>Python's str.isupper(): has cased letters and all of them upper case.</summary>
    private static bool IsUpper(string word)
    {
        var cased = false;
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            cased |= char.IsUpper(c);
        }

        return cased;
    }

    /// <summary>True when some words are ALL CAPS and some are not, so capitals stand out as emphasis.</summary>
    private static bool HasCapsDifference(List<string> words)
    {
        var upper = words.Count(IsUpper);
        return upper > 0 && upper < words.Count;
    }

    private static Dictionary<string, double> BuildBoosters()
    {
        string[] up =
        [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply", "effing", "enormous", "enormously",
            "entirely", "especially", "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
            "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
            "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so",
            "substantially", "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very",
        ];
        string[] down =
        [
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little", "marginal", "marginally",
            "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of",
        ];
        var boosters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in up)
        {
            boosters[word] = BoosterIncrement;
        }

        foreach (var word in down)
        {
            boosters[word] = BoosterDecrement;
        }

        return boosters;
    }
}
