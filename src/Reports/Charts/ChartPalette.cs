using Pipeline.Core;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// Colours that mean the same thing in every chart of every week: one per channel, one per anger level, and one per
/// topic id (a topic keeps its colour as long as it keeps its stable id).
/// </summary>
public static class ChartPalette
{
    private static readonly Color[] Topics =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"), Color.FromHex("#393b79"), Color.FromHex("#637939"),
        Color.FromHex("#8c6d31"), Color.FromHex("#843c39"), Color.FromHex("#7b4173"), Color.FromHex("#3182bd"),
    ];

    public static readonly Color Text = Color.FromHex("#222222");
    public static readonly Color Grid = Color.FromHex("#e5e5e5");
    public static readonly Color Rise = Color.FromHex("#c0392b");
    public static readonly Color Fall = Color.FromHex("#2e86c1");
    public static readonly Color NotFlagged = Color.FromHex("#b3b3b3");
    public static readonly Color Band = Color.FromHex("#2e86c1").WithAlpha(0.18);

    public static Color Channel(string channel) => channel switch
    {
        "complaint" => Color.FromHex("#34495e"),
        "email" => Color.FromHex("#e67e22"),
        "call" => Color.FromHex("#16a085"),
        _ => Color.FromHex("#7f7f7f"),
    };

    public static Color Anger(AngerLevel level) => level switch
    {
        AngerLevel.Watch => Color.FromHex("#f4d03f"),
        AngerLevel.High => Color.FromHex("#e67e22"),
        AngerLevel.Critical => Color.FromHex("#c0392b"),
        _ => Color.FromHex("#7f7f7f"),
    };

    public static Color Topic(int id) => Topics[((id % Topics.Length) + Topics.Length) % Topics.Length];

    /// <summary>"#1f77b4", for the HTML tables that show the same colours.</summary>
    public static string Hex(Color color) => color.ToHex();
}
