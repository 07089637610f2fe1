using Pipeline.Core;

namespace Pipeline.Models.Anger;

/// <summary>
/// The verdict of the anger engine on one text, with everything needed to explain it: the matched terms
/// with their character spans and what changed their weight, the rules that added points, and the
/// threshold that decided the level.
/// </summary>
public sealed record AngerAssessment(
    AngerLevel Level,
    double Score,
    int Words,
    double DensityPer100Words,
    IReadOnlyList<AngerMatch> Matches,
    IReadOnlyList<AngerRule> Rules,
    string Threshold)
{
    /// <summary>Categories of the matches that counted (not negated, not idioms), in order of first appearance.</summary>
    public IReadOnlyList<string> Categories => Matches.Where(m => m.Weight > 0).Select(m => m.Category).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>One line a person can read: level, threshold, terms and rules.</summary>
    public string Explain()
    {
        var terms = Matches.Count == 0
            ? "no lexicon terms"
            : string.Join(", ", Matches.Select(m => $"'{m.Text}' [{m.Start}..{m.Start + m.Length}) {m.Category} {m.Weight:0.##}" +
                                                    (m.Modifiers.Count > 0 ? " (" + string.Join("; ", m.Modifiers) + ")" : string.Empty)));
        var rules = Rules.Count == 0 ? string.Empty : "; rules: " + string.Join(", ", Rules.Select(r => r.ToString()));
        return $"{Level.ToName()}: {Threshold}; terms: {terms}{rules}";
    }
}

/// <summary>
/// A lexicon term found in the text. <see cref="Weight"/> is what it added to the score after negation,
/// intensifiers and capitals (listed in <see cref="Modifiers"/>); a negated match adds nothing.
/// </summary>
public sealed record AngerMatch(string Text, string Pattern, string Category, int Start, int Length, double BaseWeight, double Weight, bool Negated, IReadOnlyList<string> Modifiers);

/// <summary>A rule that changed the score or the level, such as "exclamation runs ×2 +2".</summary>
public sealed record AngerRule(string Name, double Points, string Detail)
{
    public override string ToString() => Points == 0 ? $"{Name} ({Detail})" : $"{Name} {Points:+0.##;-0.##} ({Detail})";
}
