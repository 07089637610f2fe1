using System.ComponentModel.DataAnnotations;

namespace Pipeline.Models.Anger;

/// <summary>Configuration section <c>Anger</c>: the lexicon folder, the rules' strengths and the level thresholds.</summary>
public sealed class AngerOptions
{
    public const string Section = "Anger";

    /// <summary>Folder of <c>anger.&lt;language&gt;.json</c> lexicons.</summary>
    [Required]
    public string LexiconDirectory { get; set; } = "data/lexicons";

    /// <summary>A <c>train anger</c> model folder: its learned terms replace the shipped ones and its thresholds apply. Empty: the shipped lexicons and these thresholds.</summary>
    public string ModelDirectory { get; set; } = string.Empty;

    /// <summary>Score from which the level is "watch".</summary>
    [Range(0.1, 1000)]
    public double WatchThreshold { get; set; } = 1;

    [Range(0.1, 1000)]
    public double HighThreshold { get; set; } = 2;

    [Range(0.1, 1000)]
    public double CriticalThreshold { get; set; } = 8;

    /// <summary>A negation this many words or fewer before a term (in the same clause) cancels it ("not angry").</summary>
    [Range(0, 10)]
    public int NegationWindow { get; set; } = 3;

    /// <summary>An intensifier this many words or fewer before a term multiplies its weight ("extremely angry").</summary>
    [Range(0, 10)]
    public int IntensifierWindow { get; set; } = 2;

    /// <summary>Multiplier of an anger or profanity term written in capitals ("FURIOUS").</summary>
    [Range(1, 10)]
    public double CapsMultiplier { get; set; } = 1.5;

    /// <summary>Points when the text shouts: at least <see cref="ShoutingMinWords"/> words in capitals, a third of its words or more.</summary>
    [Range(0, 100)]
    public double ShoutingBonus { get; set; } = 1.5;

    [Range(1, 1000)]
    public int ShoutingMinWords { get; set; } = 3;

    /// <summary>Points per run of two or more '!' ("!!!") in a text with at least one lexicon term, up to <see cref="MaxExclamationBonus"/>.</summary>
    [Range(0, 100)]
    public double ExclamationBonus { get; set; } = 1;

    [Range(0, 100)]
    public double MaxExclamationBonus { get; set; } = 2;

    /// <summary>Anger and profanity weight per 100 words from which a text with two or more such terms is dense with anger, for <see cref="DensityBonus"/> points.</summary>
    [Range(0.1, 1000)]
    public double DenseAbovePer100Words { get; set; } = 8;

    [Range(0, 100)]
    public double DensityBonus { get; set; } = 1;

    /// <summary>A long text (over <see cref="LongTextWords"/> words) whose anger and profanity weight per 100 words is below this stays at "watch" at most.</summary>
    [Range(0, 1000)]
    public double DilutedBelowPer100Words { get; set; } = 1;

    [Range(1, 100_000)]
    public int LongTextWords { get; set; } = 150;

    /// <summary>Most points that threat and repeat terms (legal, regulator, churn, social, repeat) add together.</summary>
    [Range(0, 100)]
    public double MaxThreatPoints { get; set; } = 1.5;

    /// <summary>Points per earlier contact of the same customer in the last <see cref="RepeatContactDays"/> days, up to <see cref="MaxRepeatContactBonus"/>.</summary>
    [Range(0, 100)]
    public double RepeatContactBonus { get; set; } = 1;

    [Range(0, 100)]
    public double MaxRepeatContactBonus { get; set; } = 3;

    [Range(1, 3650)]
    public int RepeatContactDays { get; set; } = 30;

    /// <summary>These settings with other level thresholds (a <c>train anger</c> model's).</summary>
    public AngerOptions WithThresholds(double watch, double high, double critical)
    {
        var copy = (AngerOptions)MemberwiseClone();
        copy.WatchThreshold = watch;
        copy.HighThreshold = high;
        copy.CriticalThreshold = critical;
        return copy;
    }

    /// <summary>Problems that the per-property ranges cannot see.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(WatchThreshold < HighThreshold && HighThreshold < CriticalThreshold))
        {
            errors.Add($"{Section}: thresholds must rise: WatchThreshold {WatchThreshold} < HighThreshold {HighThreshold} < CriticalThreshold {CriticalThreshold}");
        }

        return errors;
    }
}
