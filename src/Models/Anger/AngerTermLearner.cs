using System.Globalization;

namespace Pipeline.Models.Anger;

/// <summary>A learned term: the words, its weight, and the evidence behind it.</summary>
public sealed record LearnedAngerTerm(string Pattern, double Weight, int AngryTexts, int OtherTexts, double Precision, double LogOdds, string Source);

/// <summary>
/// Learns anger terms from texts labelled angry or not: every word and two-word phrase that angry texts use
/// far more often than the others (log-odds ratio with a ½ prior, its z-score, and the share of its texts that
/// are angry), turned into a lexicon weight. Only terms a support lead can read: letters only, no stop words
/// or negations on their own, no hashtags, user names or numbers, nothing the curated lexicon already matches.
/// </summary>
public sealed class AngerTermLearner(AngerLexicon curated)
{
    /// <summary>Texts with the term among the angry ones, at least.</summary>
    public int MinAngryTexts { get; init; } = 10;

    /// <summary>Share of the term's texts that are angry, at least (the base rate of the shipped data is about 10 %).</summary>
    public double MinPrecision { get; init; } = 0.4;

    /// <summary>Log-odds ratio of the term in angry against other texts, at least (e ^ 1.5 ≈ 4.5 times as likely).</summary>
    public double MinLogOdds { get; init; } = 1.5;

    public double MinZ { get; init; } = 3;

    /// <summary>The most terms kept, strongest first.</summary>
    public int MaxTerms { get; init; } = 150;

    public IReadOnlyList<LearnedAngerTerm> Learn(IEnumerable<(string Text, bool Angry)> texts, string source)
    {
        var angry = new Dictionary<string, int>(StringComparer.Ordinal);
        var other = new Dictionary<string, int>(StringComparer.Ordinal);
        int angryTexts = 0, otherTexts = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, isAngry) in texts)
        {
            var counts = isAngry ? angry : other;
            if (isAngry)
            {
                angryTexts++;
            }
            else
            {
                otherTexts++;
            }

            seen.Clear();
            var tokens = TextTokens.Tokenize(text, curated.Language);
            if (curated.Language == Core.Languages.Russian)
            {
                // Russian words are learned as their stems, matched with any ending ("бесит", "бесят" → "бес*").
                for (var i = 0; i < tokens.Count; i++)
                {
                    if (Readable(tokens[i].Key) && !StopWords.Contains(tokens[i].Key) && Text.RussianStems.Stem(tokens[i].Key) is { Length: >= 3 } stem)
                    {
                        tokens[i] = tokens[i] with { Key = stem + "*" };
                    }
                }
            }

            for (var i = 0; i < tokens.Count; i++)
            {
                // A hashtag or a user name is no word a lead could read as anger.
                var word = tokens[i].Start > 0 && text[tokens[i].Start - 1] is '#' or '@' ? string.Empty : tokens[i].Key;
                if (Readable(word) && !StopWords.Contains(word) && !curated.Negations.Contains(word))
                {
                    seen.Add(word);
                }

                if (i + 1 < tokens.Count && Readable(word) && Readable(tokens[i + 1].Key) && text[tokens[i + 1].Start - 1] is not ('#' or '@')
                    && !(StopWords.Contains(word) && StopWords.Contains(tokens[i + 1].Key)))
                {
                    seen.Add(word + " " + tokens[i + 1].Key);
                }
            }

            foreach (var term in seen)
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        if (angryTexts == 0 || otherTexts == 0)
        {
            throw new InvalidDataException($"Learning anger terms needs angry and other texts; the data has {angryTexts} angry and {otherTexts} other.");
        }

        var matcher = new AngerEngine(new Dictionary<string, AngerLexicon> { [curated.Language] = curated }, new AngerOptions());
        var learned = new List<LearnedAngerTerm>();
        foreach (var (term, a) in angry)
        {
            var o = other.GetValueOrDefault(term);
            var precision = (double)a / (a + o);
            var logOdds = Math.Log((a + 0.5) / (angryTexts - a + 0.5)) - Math.Log((o + 0.5) / (otherTexts - o + 0.5));
            var z = logOdds / Math.Sqrt(1 / (a + 0.5) + 1 / (o + 0.5));
            if (a < MinAngryTexts || precision < MinPrecision || logOdds < MinLogOdds || z < MinZ)
            {
                continue;
            }

            // The curated lexicon already says it (or a word of it): the curated weight and category stand.
            if (matcher.Assess(term, curated.Language).Matches.Count > 0)
            {
                continue;
            }

            learned.Add(new LearnedAngerTerm(term, WeightOf(logOdds), a, o, Math.Round(precision, 3), Math.Round(logOdds, 3),
                string.Create(CultureInfo.InvariantCulture, $"learned from {source}: {a} angry and {o} other texts, {precision:P0} angry, log-odds {logOdds:0.00}")));
        }

        // A phrase whose words are a learned term already adds nothing new unless it is clearly stronger.
        var kept = learned.OrderByDescending(t => t.LogOdds).ThenBy(t => t.Pattern, StringComparer.Ordinal).Take(MaxTerms).ToList();
        var singles = kept.Where(t => !t.Pattern.Contains(' ', StringComparison.Ordinal)).ToDictionary(t => t.Pattern, StringComparer.Ordinal);
        return kept.Where(t => !t.Pattern.Contains(' ', StringComparison.Ordinal)
                || t.Pattern.Split(' ').All(w => !singles.TryGetValue(w, out var single) || t.Weight > single.Weight))
            .OrderBy(t => t.Pattern, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Log-odds 1.5 → 1, 3 → 2, up to 2.5, in steps of 0.5: with the shipped thresholds (watch 1, high 2) a term whose texts are angry 20 times as often as others (log-odds 3) escalates alone, a weaker one reaches "watch".</summary>
    public static double WeightOf(double logOdds) => Math.Clamp(Math.Round(logOdds / 1.5 * 2, MidpointRounding.AwayFromZero) / 2, 0.5, 2.5);

    /// <summary>Letters only (a Russian stem's closing "*" aside), three or more, or two Chinese characters (no numbers, hashtags, user names, codes).</summary>
    private static bool Readable(string word)
    {
        var letters = word.EndsWith('*') ? word.AsSpan(0, word.Length - 1) : word.AsSpan();
        if (letters.Length < 2 || (letters.Length == 2 && letters[0] < '\u2E80'))
        {
            return false;
        }

        foreach (var c in letters)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Function words and chat filler that say nothing about anger on their own.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "him", "his", "how",
        "its", "may", "new", "now", "old", "see", "two", "way", "who", "did", "get", "got", "let", "put", "say", "she", "too", "use", "this", "that",
        "with", "have", "from", "they", "will", "would", "there", "their", "what", "about", "which", "when", "make", "like", "time", "just", "know",
        "take", "into", "your", "some", "could", "them", "than", "then", "look", "only", "come", "over", "think", "also", "back", "after", "work",
        "first", "well", "even", "want", "because", "these", "give", "most", "were", "been", "being", "does", "doing", "should", "where", "while",
        "here", "more", "much", "very", "such", "those", "each", "other", "same", "why", "yes", "yeah", "okay", "off", "own", "again", "ever",
        "still", "thing", "things", "people", "person", "going", "gonna", "tell", "told", "said", "says", "call", "called", "yourself", "myself",
        "him", "himself", "herself", "itself", "ourselves", "themselves", "youre", "theyre", "thats", "whats", "ive", "ill", "its", "lets", "theres",
        "dont", "didnt", "doesnt", "isnt", "wasnt", "cant", "wont", "aint", "im", "hes", "shes", "were", "weve", "youve", "youll", "theyll", "name",

        // Russian (ё as е, as the keys are)
        "что", "это", "как", "так", "все", "она", "они", "оно", "его", "еще", "уже", "вот", "был", "была", "было", "были", "быть", "будет",
        "мне", "меня", "тебя", "тебе", "вас", "вам", "нас", "нам", "они", "их", "ему", "ней", "него", "для", "при", "про", "под", "над", "или",
        "если", "когда", "где", "там", "тут", "здесь", "этот", "эта", "эти", "тот", "того", "этого", "чтобы", "только", "может", "можно",
        "есть", "нет", "даже", "ведь", "вы", "ты", "мы", "он", "сам", "себя", "свой", "своей", "весь", "всех", "всего", "очень", "просто",
        "сейчас", "теперь", "потом", "тоже", "также", "какой", "какая", "кто", "чем", "чего", "ничего", "надо", "нужно", "знаю", "знаешь",

        // Chinese (jieba's words)
        "我们", "你们", "他们", "她们", "这个", "那个", "这些", "那些", "什么", "怎么", "为什么", "没有", "不是", "就是", "还是", "已经", "现在",
        "知道", "可以", "自己", "一个", "这样", "那样", "因为", "所以", "但是", "如果", "然后", "时候", "一下", "一些", "这里", "那里", "还有",
        "东西", "事情", "觉得", "应该", "可能", "真的", "其实", "只是", "一样", "这么", "那么", "怎么样", "一点", "不会", "不要", "不能",
    };
}
