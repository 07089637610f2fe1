using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core;

namespace Pipeline.Models.Anger;

/// <summary>
/// Where an anger score is computed. Keyword based and explainable: lexicon terms (stems and phrases)
/// add their weights, modified by negation, intensifiers and capitals; rules add points for shouting,
/// runs of "!!", anger density and the customer's repeat contacts; thresholds map the score to
/// none / watch / high / critical. Every step is recorded in the <see cref="AngerAssessment"/>.
/// </summary>
public sealed partial class AngerEngine
{
    private readonly AngerOptions _options;
    private readonly IReadOnlyDictionary<string, Lazy<CompiledLexicon>> _lexicons;
    private readonly Lazy<CompiledLexicon> _fallback;

    public AngerEngine(IReadOnlyDictionary<string, AngerLexicon> lexicons, AngerOptions options)
    {
        ArgumentNullException.ThrowIfNull(lexicons);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _options = options;
        // Each language's lexicon is compiled on its first text (a Chinese one cuts its terms with jieba, whose dictionary takes half a second to load).
        _lexicons = lexicons.ToDictionary(p => p.Key, p => new Lazy<CompiledLexicon>(() => new CompiledLexicon(p.Value)), StringComparer.Ordinal);
        _fallback = _lexicons.TryGetValue("en", out var english) ? english : _lexicons.Values.First();
    }

    /// <param name="language">The interaction's language ("en", "ru"); unknown languages use the English lexicon.</param>
    /// <param name="recentContacts">The customer's other contacts in the last <see cref="AngerOptions.RepeatContactDays"/> days.</param>
    public AngerAssessment Assess(string? text, string language, int recentContacts = 0)
    {
        text ??= string.Empty;
        var lexicon = (_lexicons.GetValueOrDefault(language) ?? _fallback).Value;
        var tokens = _tokens ??= new TokenizedText();
        tokens.Read(text, language);
        var matches = FindMatches(text, tokens, lexicon);
        var rules = new List<AngerRule>();

        var score = matches.Sum(m => m.Weight);

        // Density is of anger and profanity only: how much of the text is angry words.
        var emotional = matches.Where(m => IsEmotional(m.Category) && m.Weight > 0).ToList();
        var density = tokens.Count == 0 ? 0 : emotional.Sum(m => m.Weight) * 100.0 / tokens.Count;

        // Threats and repeat mentions (legal, regulator, churn, social, repeat) flag an escalation but do not,
        // on their own, make a text angry: together they count up to MaxThreatPoints.
        var threat = matches.Where(m => !IsEmotional(m.Category)).Sum(m => m.Weight);
        if (threat > _options.MaxThreatPoints)
        {
            var cut = threat - _options.MaxThreatPoints;
            rules.Add(new AngerRule("threat cap", -cut, string.Create(CultureInfo.InvariantCulture, $"threat and repeat terms {threat:0.##} counted as {_options.MaxThreatPoints}")));
            score -= cut;
        }

        int shouted = 0, longWords = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            if (tokens.Length(t) >= 3)
            {
                longWords++;
                shouted += IsShouted(text.AsSpan(tokens.Start(t), tokens.Length(t))) ? 1 : 0;
            }
        }

        if (shouted >= _options.ShoutingMinWords && shouted * 3 >= longWords)
        {
            rules.Add(new AngerRule("shouting", _options.ShoutingBonus, $"{shouted} of {longWords} words in capitals"));
            score += _options.ShoutingBonus;
        }

        // "!!" is as common in delight as in anger: it adds weight to what the terms say, never anger on its own.
        var exclamations = Exclamations().Count(text);
        if (exclamations > 0 && _options.ExclamationBonus > 0 && matches.Any(m => m.Weight > 0))
        {
            var points = Math.Min(exclamations * _options.ExclamationBonus, _options.MaxExclamationBonus);
            rules.Add(new AngerRule("exclamation", points, $"{exclamations} run(s) of '!!' with lexicon terms"));
            score += points;
        }

        if (emotional.Count >= 2 && density >= _options.DenseAbovePer100Words)
        {
            rules.Add(new AngerRule("density", _options.DensityBonus, string.Create(CultureInfo.InvariantCulture, $"{emotional.Count} anger terms, {density:0.#} per 100 words ≥ {_options.DenseAbovePer100Words}")));
            score += _options.DensityBonus;
        }

        if (recentContacts > 0 && _options.RepeatContactBonus > 0)
        {
            var points = Math.Min(recentContacts * _options.RepeatContactBonus, _options.MaxRepeatContactBonus);
            rules.Add(new AngerRule("repeat contact", points, $"{recentContacts} other contact(s) in {_options.RepeatContactDays} days"));
            score += points;
        }

        var (level, threshold) = LevelOf(score);
        if (level >= AngerLevel.High && tokens.Count > _options.LongTextWords && density < _options.DilutedBelowPer100Words)
        {
            rules.Add(new AngerRule("diluted", 0, string.Create(CultureInfo.InvariantCulture,
                $"{density:0.##} per 100 words < {_options.DilutedBelowPer100Words} in {tokens.Count} words: level held at watch")));
            level = AngerLevel.Watch;
        }

        return new AngerAssessment(level, Math.Round(score, 3), tokens.Count, Math.Round(density, 3), matches, rules, threshold);
    }

    private (AngerLevel Level, string Threshold) LevelOf(double score)
    {
        var s = score.ToString("0.##", CultureInfo.InvariantCulture);
        if (score >= _options.CriticalThreshold)
        {
            return (AngerLevel.Critical, string.Create(CultureInfo.InvariantCulture, $"score {s} ≥ critical {_options.CriticalThreshold}"));
        }

        if (score >= _options.HighThreshold)
        {
            return (AngerLevel.High, string.Create(CultureInfo.InvariantCulture, $"score {s} ≥ high {_options.HighThreshold} (< critical {_options.CriticalThreshold})"));
        }

        if (score >= _options.WatchThreshold)
        {
            return (AngerLevel.Watch, string.Create(CultureInfo.InvariantCulture, $"score {s} ≥ watch {_options.WatchThreshold} (< high {_options.HighThreshold})"));
        }

        return (AngerLevel.None, string.Create(CultureInfo.InvariantCulture, $"score {s} < watch {_options.WatchThreshold}"));
    }

    private static bool IsEmotional(string category) => category is "anger" or "profanity";

    /// <summary>One thread's words of the text it assesses, reused text after text.</summary>
    [ThreadStatic]
    private static TokenizedText? _tokens;

    private List<AngerMatch> FindMatches(string text, TokenizedText tokens, CompiledLexicon lexicon)
    {
        var matches = new List<AngerMatch>();
        Dictionary<string, int>? seen = null;
        for (var i = 0; i < tokens.Count;)
        {
            var best = lexicon.LongestMatch(tokens, i);
            if (best is null)
            {
                i++;
                continue;
            }

            var (term, length) = best.Value;
            var first = i;
            var last = i + length - 1;
            var start = tokens.Start(first);
            var span = tokens.Start(last) + tokens.Length(last) - start;
            var modifiers = new List<string>();
            var weight = term.Weight;
            if (term.Category == AngerLexicon.Ignore)
            {
                modifiers.Add("idiom, not counted");
                matches.Add(new AngerMatch(text.Substring(start, span), term.Pattern, term.Category, start, span, 0, 0, false, modifiers));
                i += length;
                continue;
            }

            // Negation takes back a feeling ("not angry"), not a swear word ("don't fucking blame me").
            var negation = term.Category == "profanity" ? null : FindBefore(text, tokens, i, _options.NegationWindow, lexicon.IsNegation);
            if (negation is { } negator)
            {
                modifiers.Add($"negated by '{text.Substring(tokens.Start(negator), tokens.Length(negator))}'");
                matches.Add(new AngerMatch(text.Substring(start, span), term.Pattern, term.Category, start, span, term.Weight, 0, true, modifiers));
                i += length;
                continue;
            }

            var intensifier = FindBefore(text, tokens, i, _options.IntensifierWindow, lexicon.IsIntensifier);
            if (intensifier is { } booster)
            {
                var factor = lexicon.Intensity(tokens.Key(booster));
                weight *= factor;
                modifiers.Add(string.Create(CultureInfo.InvariantCulture, $"×{factor} by '{text.Substring(tokens.Start(booster), tokens.Length(booster))}'"));
            }

            if (term.Source != AngerLexicon.Curated)
            {
                modifiers.Add("learned term");
            }

            if (IsEmotional(term.Category) && tokens.Length(first) >= 3 && IsShouted(text.AsSpan(tokens.Start(first), tokens.Length(first))))
            {
                weight *= _options.CapsMultiplier;
                modifiers.Add(string.Create(CultureInfo.InvariantCulture, $"×{_options.CapsMultiplier} in capitals"));
            }

            // Saying the same thing again adds less: the second time counts half, later ones nothing.
            seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            var occurrence = seen[term.Pattern] = seen.GetValueOrDefault(term.Pattern) + 1;
            if (occurrence == 2)
            {
                weight /= 2;
                modifiers.Add("second mention ×0.5");
            }
            else if (occurrence > 2)
            {
                weight = 0;
                modifiers.Add($"mention {occurrence}, not counted");
            }

            matches.Add(new AngerMatch(text.Substring(start, span), term.Pattern, term.Category, start, span, term.Weight, Math.Round(weight, 3), false, modifiers));
            i += length;
        }

        return matches;
    }

    /// <summary>The nearest word (its index) before token <paramref name="index"/> within the window whose key fits, in the same clause.</summary>
    private static int? FindBefore(string text, TokenizedText tokens, int index, int window, Func<ReadOnlySpan<char>, bool> fits)
    {
        for (var j = index - 1; j >= 0 && j >= index - window; j--)
        {
            var end = tokens.Start(j) + tokens.Length(j);
            var between = text.AsSpan(end, tokens.Start(j + 1) - end);
            if (between.IndexOfAny(ClauseBreaks) >= 0)
            {
                return null;
            }

            if (fits(tokens.Key(j)))
            {
                return j;
            }
        }

        return null;
    }

    private static readonly System.Buffers.SearchValues<char> ClauseBreaks = System.Buffers.SearchValues.Create(".,;:!?()\n");

    /// <summary>All letters upper case, and not CFPB's XXXX mask.</summary>
    private static bool IsShouted(ReadOnlySpan<char> word)
    {
        var letters = 0;
        var allX = true;
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            if (!char.IsUpper(c))
            {
                return false;
            }

            letters++;
            allX &= c == 'X';
        }

        return letters >= 2 && !allX;
    }

    [GeneratedRegex(@"!\s*!+")]
    private static partial Regex Exclamations();

    /// <summary>A lexicon indexed for matching: terms by their first word, exact or by stem.</summary>
    private sealed class CompiledLexicon
    {
        private readonly Dictionary<string, List<AngerTerm>> _byExactFirst = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<AngerTerm>> _byStemFirst = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<AngerTerm>>.AlternateLookup<ReadOnlySpan<char>> _stems;
        private readonly int _longestStem;

        public CompiledLexicon(AngerLexicon lexicon)
        {
            Lexicon = lexicon;
            var chinese = lexicon.Language == Core.Languages.Chinese;
            foreach (var written in lexicon.Terms)
            {
                var term = chinese ? AngerLexicon.CutChinese(written) : written;
                var first = term.Words[0];
                if (first.EndsWith('*'))
                {
                    var stem = first[..^1];
                    Add(_byStemFirst, stem, term);
                    _longestStem = Math.Max(_longestStem, stem.Length);
                    if (stem.Length >= 2)
                    {
                        var lengths = _stemLengths.GetValueOrDefault(FirstTwo(stem));
                        _stemLengths[FirstTwo(stem)] = lengths | (stem.Length < 64 ? 1UL << stem.Length : 0);
                    }
                }
                else
                {
                    Add(_byExactFirst, first, term);
                }
            }

            _stems = _byStemFirst.GetAlternateLookup<ReadOnlySpan<char>>();
            _exact = _byExactFirst.GetAlternateLookup<ReadOnlySpan<char>>();
            _negations = new HashSet<string>(lexicon.Negations, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            _intensifiers = new Dictionary<string, double>(lexicon.Intensifiers, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            IsNegation = key => _negations.Contains(key);
            IsIntensifier = key => _intensifiers.ContainsKey(key);
        }

        private readonly Dictionary<string, List<AngerTerm>>.AlternateLookup<ReadOnlySpan<char>> _exact;

        /// <summary>
        /// By a stem's first two characters, the lengths of the stems that start with them (bit n: a stem of n characters):
        /// a word's prefixes are looked up only at those lengths, where every length up to the longest stem cost a
        /// hash look-up per word.
        /// </summary>
        private readonly Dictionary<int, ulong> _stemLengths = [];
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _negations;
        private readonly Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _intensifiers;

        public AngerLexicon Lexicon { get; }

        /// <summary>Whether a word's key is one of the lexicon's negations (one delegate, made once).</summary>
        public Func<ReadOnlySpan<char>, bool> IsNegation { get; }

        /// <summary>Whether a word's key is one of the lexicon's intensifiers (one delegate, made once).</summary>
        public Func<ReadOnlySpan<char>, bool> IsIntensifier { get; }

        public double Intensity(ReadOnlySpan<char> key) => _intensifiers[key];

        /// <summary>
        /// The longest term starting at token <paramref name="index"/> (ties: the heavier), with its length in words.
        /// Stems are looked up by the token's prefixes as spans: no string is made per token.
        /// </summary>
        public (AngerTerm Term, int Length)? LongestMatch(TokenizedText tokens, int index)
        {
            (AngerTerm Term, int Length)? best = null;
            var key = tokens.Key(index);
            if (_exact.TryGetValue(key, out var exact))
            {
                Consider(exact, tokens, index, ref best);
            }

            if (key.Length < 2 || !_stemLengths.TryGetValue(FirstTwo(key), out var lengths))
            {
                return best;
            }

            for (var length = 2; length <= Math.Min(key.Length, _longestStem); length++)
            {
                // Stems of 64 characters or more are not in the mask: those lengths are always looked up.
                if ((length >= 64 || (lengths & (1UL << length)) != 0) && _stems.TryGetValue(key[..length], out var byStem))
                {
                    Consider(byStem, tokens, index, ref best);
                }
            }

            return best;
        }

        private static int FirstTwo(ReadOnlySpan<char> word) => (word[0] << 16) | word[1];

        private static void Consider(List<AngerTerm> candidates, TokenizedText tokens, int index, ref (AngerTerm Term, int Length)? best)
        {
            foreach (var term in candidates)
            {
                if (Matches(term, tokens, index)
                    && (best is null || term.Words.Count > best.Value.Length || (term.Words.Count == best.Value.Length && term.Weight > best.Value.Term.Weight)))
                {
                    best = (term, term.Words.Count);
                }
            }
        }

        private static bool Matches(AngerTerm term, TokenizedText tokens, int index)
        {
            if (index + term.Words.Count > tokens.Count)
            {
                return false;
            }

            for (var w = 0; w < term.Words.Count; w++)
            {
                var word = term.Words[w];
                var key = tokens.Key(index + w);
                var fits = word == "*" || (word.EndsWith('*') ? key.StartsWith(word.AsSpan(0, word.Length - 1), StringComparison.Ordinal) : key.SequenceEqual(word));
                if (!fits)
                {
                    return false;
                }
            }

            return true;
        }

        private static void Add(Dictionary<string, List<AngerTerm>> index, string key, AngerTerm term)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }

            list.Add(term);
        }
    }
}
