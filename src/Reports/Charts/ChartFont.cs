using ScottPlot;
using SkiaSharp;

namespace Pipeline.Reports.Charts;

/// <summary>
/// The one font of every chart: DejaVu Sans (regular and bold, Latin and Cyrillic), loaded from files shipped in
/// data/fonts, never from the system. ScottPlot's SkiaSharp build carries no fontconfig, so without these files a
/// chart would render without any text; that is an error here, never a silent success.
/// </summary>
public static class ChartFont
{
    public const string Family = "DejaVu Sans";
    public const string RegularFile = "DejaVuSans.ttf";
    public const string BoldFile = "DejaVuSans-Bold.ttf";

    private static readonly Lock Gate = new();
    private static string? _loadedFrom;

    /// <summary>Registers the font files of <paramref name="directory"/> with ScottPlot (once) and checks they can draw text.</summary>
    /// <exception cref="ChartTextException">A font file is missing or holds no usable glyphs.</exception>
    public static void Load(string directory)
    {
        var full = Path.GetFullPath(directory);
        lock (Gate)
        {
            if (_loadedFrom == full)
            {
                return;
            }

            var regular = Path.Combine(full, RegularFile);
            var bold = Path.Combine(full, BoldFile);
            foreach (var file in new[] { regular, bold })
            {
                if (!File.Exists(file))
                {
                    throw new ChartTextException($"Reports:FontDirectory '{directory}' has no {Path.GetFileName(file)}: charts would come out without text (the shipped copy is in data/fonts).");
                }

                using var typeface = SKTypeface.FromFile(file);
                if (typeface is null || typeface.GlyphCount == 0 || !typeface.ContainsGlyphs("Weekly volume 0123456789 %"))
                {
                    throw new ChartTextException($"{file} is not a usable TrueType font: charts would come out without text.");
                }
            }

            Fonts.AddFontFile(Family, regular, bold: false, italic: false);
            Fonts.AddFontFile(Family, bold, bold: true, italic: false);
            Fonts.Default = Family;
            _loadedFrom = full;
        }
    }
}

/// <summary>A chart could not get its text drawn (no usable font), or came out without any.</summary>
public sealed class ChartTextException(string message) : Exception(message);
