using System.Buffers;
using Pipeline.Core;
using Pipeline.Models.Text;

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
public sealed class VaderScorer
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

    private static readonly Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> BoosterSpans = Boosters.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> IdiomSpans = SpecialIdioms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One thread's words of the text being scored: spans of the text and their lower case, no string per word.</summary>
    [ThreadStatic]
    private static Words? _words;

    /// <summary>What every single word the rules ask about is to them (lexicon valence, booster, negation, idiom word): one look-up per word of a text.</summary>
    private readonly Dictionary<string, WordRole>.AlternateLookup<ReadOnlySpan<char>> _roles;

    public VaderScorer(VaderLexicon lexicon)
    {
        var roles = new Dictionary<string, WordRole>(StringComparer.Ordinal);
        foreach (var (word, valence) in lexicon.Entries)
        {
            roles[word] = roles.GetValueOrDefault(word) with { InLexicon = true, Valence = valence };
        }

        // A text's words hold no space: the booster phrases ("kind of") are looked up as phrases (IdiomsCheck), not here.
        foreach (var (word, scalar) in Boosters.Where(b => !b.Key.Contains(' ', StringComparison.Ordinal)))
        {
            roles[word] = roles.GetValueOrDefault(word) with { IsBooster = true, Booster = scalar };
        }

        foreach (var word in Negations)
        {
            roles[word] = roles.GetValueOrDefault(word) with { Negation = true };
        }

        foreach (var word in IdiomWords)
        {
            roles[word] = roles.GetValueOrDefault(word) with { IdiomWord = true };
        }

        _roles = roles.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public VaderScores Score(string text) => Score(text.AsSpan());

    public VaderScores Score(ReadOnlySpan<char> text)
    {
        var words = _words ??= new Words();
        words.Read(text, _roles);
        var count = words.Count;
        if (count == 0)
        {
            return new VaderScores(0, 0, 0, 0);
        }

        var capsDiff = words.Shouted > 0 && words.Shouted < count;
        var sentiments = words.Sentiments;
        for (var i = 0; i < count; i++)
        {
            if (words.Role(i).IsBooster || (i < count - 1 && words.Lower(i) is "kind" && words.Lower(i + 1) is "of"))
            {
                sentiments[i] = 0;
                continue;
            }

            sentiments[i] = Valence(words, i, capsDiff);
        }

        ButCheck(words, sentiments);
        return ScoreValence(sentiments.AsSpan(0, count), text);
    }

    private static double Valence(Words words, int i, bool capsDiff)
    {
        if (!words.Role(i).InLexicon)
        {
            return 0;
        }

        var valence = words.Role(i).Valence;

        // "no" followed by a lexicon word is a determiner ("no problem"), not a sentiment.
        if (words.Lower(i) is "no" && i != words.Count - 1 && words.Role(i + 1).InLexicon)
        {
            valence = 0;
        }

        if ((i > 0 && words.Lower(i - 1) is "no") || (i > 1 && words.Lower(i - 2) is "no") || (i > 2 && words.Lower(i - 3) is "no" && words.Lower(i - 1) is "or" or "nor"))
        {
            valence = words.Role(i).Valence * NegationScalar;
        }

        if (words.IsUpper(i) && capsDiff)
        {
            valence += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        for (var start = 0; start < 3; start++)
        {
            if (i > start && !words.Role(i - (start + 1)).InLexicon)
            {
                var s = ScalarIncDec(words, i - (start + 1), valence, capsDiff);
                if (start == 1 && s != 0)
                {
                    s *= 0.95;
                }

                if (start == 2 && s != 0)
                {
                    s *= 0.9;
                }

                valence += s;
                valence = NegationCheck(valence, words, start, i);
                if (start == 2)
                {
                    valence = IdiomsCheck(valence, words, i);
                }
            }
        }

        return LeastCheck(valence, words, i);
    }

    private static double ScalarIncDec(Words words, int w, double valence, bool capsDiff)
    {
        if (!words.Role(w).IsBooster)
        {
            return 0;
        }

        var scalar = words.Role(w).Booster;
        if (valence < 0)
        {
            scalar *= -1;
        }

        if (words.IsUpper(w) && capsDiff)
        {
            scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        return scalar;
    }

    private static double NegationCheck(double valence, Words words, int start, int i)
    {
        switch (start)
        {
            case 0 when words.Role(i - 1).Negated:
                return valence * NegationScalar;
            case 1:
                if (words.Lower(i - 2) is "never" && words.Lower(i - 1) is "so" or "this")
                {
                    return valence * 1.25;
                }

                if (words.Lower(i - 2) is "without" && words.Lower(i - 1) is "doubt")
                {
                    return valence;
                }

                return words.Role(i - 2).Negated ? valence * NegationScalar : valence;
            case 2:
                if (words.Lower(i - 3) is "never" && (words.Lower(i - 2) is "so" or "this" || words.Lower(i - 1) is "so" or "this"))
                {
                    return valence * 1.25;
                }

                if (words.Lower(i - 3) is "without" && (words.Lower(i - 2) is "doubt" || words.Lower(i - 1) is "doubt"))
                {
                    return valence;
                }

                return words.Role(i - 3).Negated ? valence * NegationScalar : valence;
            default:
                return valence;
        }
    }

    private static double IdiomsCheck(double valence, Words words, int i)
    {
        // Every idiom and booster phrase has a word of IdiomWords; most contexts have none, and need no phrases built.
        var any = false;
        for (var j = Math.Max(0, i - 3); j <= Math.Min(words.Count - 1, i + 2) && !any; j++)
        {
            any = words.Role(j).IdiomWord;
        }

        if (!any)
        {
            return valence;
        }

        // The phrases before the word (as vaderSentiment builds them: the first of these that is an idiom wins) and after it.
        ReadOnlySpan<(int From, int Words)> before = [(i - 1, 2), (i - 2, 3), (i - 2, 2), (i - 3, 3), (i - 3, 2)];
        foreach (var (from, length) in before)
        {
            if (words.TryPhrase(IdiomSpans, from, length, out var idiom))
            {
                valence = idiom;
                break;
            }
        }

        if (words.Count - 1 > i && words.TryPhrase(IdiomSpans, i, 2, out var next))
        {
            valence = next;
        }

        if (words.Count - 1 > i + 1 && words.TryPhrase(IdiomSpans, i, 3, out var next2))
        {
            valence = next2;
        }

        // Booster and dampener bigrams such as "sort of" and "kind of".
        ReadOnlySpan<(int From, int Words)> grams = [(i - 3, 3), (i - 3, 2), (i - 2, 2)];
        foreach (var (from, length) in grams)
        {
            if (words.TryPhrase(BoosterSpans, from, length, out var booster))
            {
                valence += booster;
            }
        }

        return valence;
    }

    private static double LeastCheck(double valence, Words words, int i)
    {
        if (i > 1 && !words.Role(i - 1).InLexicon && words.Lower(i - 1) is "least")
        {
            if (words.Lower(i - 2) is not "at" && words.Lower(i - 2) is not "very")
            {
                valence *= NegationScalar;
            }
        }
        else if (i > 0 && !words.Role(i - 1).InLexicon && words.Lower(i - 1) is "least")
        {
            valence *= NegationScalar;
        }

        return valence;
    }

    private static void ButCheck(Words words, double[] sentiments)
    {
        var but = -1;
        for (var w = 0; w < words.Count && but < 0; w++)
        {
            if (words.Lower(w) is "but")
            {
                but = w;
            }
        }

        if (but < 0)
        {
            return;
        }

        for (var j = 0; j < words.Count; j++)
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

    private static VaderScores ScoreValence(ReadOnlySpan<double> sentiments, ReadOnlySpan<char> text)
    {
        double sum = 0;
        foreach (var sentiment in sentiments)
        {
            sum += sentiment;
        }

        var exclamations = Math.Min(text.Count('!'), 4) * 0.292;
        var questions = text.Count('?');
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

    /// <summary>Python's string.punctuation, which VADER strips from the ends of a word.</summary>
    private static readonly SearchValues<char> Punctuation = SearchValues.Create("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    /// <summary>The word without the punctuation at its ends (a vectorised <c>Trim(Punctuation)</c>).</summary>
    private static ReadOnlySpan<char> TrimPunctuation(ReadOnlySpan<char> token)
    {
        var start = token.IndexOfAnyExcept(Punctuation);
        return start < 0 ? default : token[start..(token.LastIndexOfAnyExcept(Punctuation) + 1)];
    }

    /// <summary>Python's str.isupper(): has cased letters and all of them upper case.</summary>
    private static bool IsUpper(ReadOnlySpan<char> word)
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

    /// <summary>
    /// The words of a text as VADER reads them: white-space tokens with surrounding punctuation stripped, unless that
    /// leaves two characters or fewer (emoticons); each word's lower case side by side in one buffer, and whether it is
    /// upper case. Reused for every text a thread scores.
    /// </summary>
    private sealed class Words
    {
        private readonly WordBuffer _lower = new();
        private char[] _phrase = new char[64];
        private bool[] _upper = new bool[128];
        private WordRole[] _roles = new WordRole[128];

        public int Count => _lower.Count;

        /// <summary>How many words are upper case (<see cref="IsUpper(ReadOnlySpan{char})"/>).</summary>
        public int Shouted { get; private set; }

        public double[] Sentiments { get; private set; } = new double[128];

        public ReadOnlySpan<char> Lower(int word) => _lower[word];

        public bool IsUpper(int word) => _upper[word];

        public ref readonly WordRole Role(int word) => ref _roles[word];

        /// <summary>Looks up the words from <paramref name="from"/> on, lower case and joined by a space ("kind of").</summary>
        public bool TryPhrase(Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> phrases, int from, int words, out double value)
        {
            var length = words - 1;
            for (var w = from; w < from + words; w++)
            {
                length += Lower(w).Length;
            }

            if (_phrase.Length < length)
            {
                _phrase = new char[Math.Max(length, 2 * _phrase.Length)];
            }

            var at = 0;
            for (var w = from; w < from + words; w++)
            {
                if (w > from)
                {
                    _phrase[at++] = ' ';
                }

                Lower(w).CopyTo(_phrase.AsSpan(at));
                at += Lower(w).Length;
            }

            return phrases.TryGetValue(_phrase.AsSpan(0, length), out value);
        }

        public void Read(ReadOnlySpan<char> text, Dictionary<string, WordRole>.AlternateLookup<ReadOnlySpan<char>> roles)
        {
            // Lower case never lengthens a UTF-16 string (invariant casing maps one char to one): the words fit the text's length.
            _lower.Reset(text.Length);
            Shouted = 0;
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
                    var token = text.Slice(start, at - start);
                    var stripped = TrimPunctuation(token);
                    var word = stripped.Length <= 2 ? token : stripped;
                    if (Count == _upper.Length)
                    {
                        Array.Resize(ref _upper, 2 * Count);
                        Array.Resize(ref _roles, 2 * Count);
                        Sentiments = new double[2 * Count];
                    }

                    _upper[Count] = VaderScorer.IsUpper(word);
                    Shouted += _upper[Count] ? 1 : 0;
                    var lower = _lower.Free[..word.ToLowerInvariant(_lower.Free)];
                    var role = roles.TryGetValue(lower, out var known) ? known : default;

                    // A negation is one of the listed words or any word with "n't".
                    role.Negated = role.Negation || (lower.Contains('\'') && lower.Contains("n't", StringComparison.Ordinal));
                    _roles[Count] = role;
                    _lower.Advance(lower.Length);
                    _lower.Break();
                }
            }
        }
    }

    /// <summary>What a lower-case word is to VADER's rules.</summary>
    private record struct WordRole(bool InLexicon, double Valence, bool IsBooster, double Booster, bool Negation, bool IdiomWord)
    {
        /// <summary>A negation word, or a word with "n't" (set per word of a text).</summary>
        public bool Negated { get; set; }
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
