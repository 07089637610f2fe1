using ScottPlot;
using SkiaSharp;

namespace Pipeline.Reports.Charts;

/// <summary>
/// The fonts of the charts, loaded from files shipped in data/fonts, never from the system: DejaVu Sans (regular and
/// bold; Latin and Cyrillic), and for a report whose chart texts hold characters DejaVu lacks (Chinese topic labels,
/// company names) Noto Sans CJK SC (a subset: Latin, Cyrillic, the 3,755 common Chinese characters of GB 2312 level 1,
/// CJK punctuation and full-width forms), which then draws every text of that report's charts. ScottPlot's SkiaSharp
/// build carries no fontconfig, so without these files a chart would render without text; that is an error here,
/// never a silent success.
/// </summary>
public static class ChartFont
{
    public const string Family = "DejaVu Sans";
    public const string RegularFile = "DejaVuSans.ttf";
    public const string BoldFile = "DejaVuSans-Bold.ttf";

    public const string CjkFamily = "Noto Sans CJK SC";
    public const string CjkFile = "NotoSansCJKsc-Regular-subset.otf";

    private static readonly Lock Gate = new();
    private static string? _loadedFrom;
    private static SKTypeface? _regular;

    /// <summary>
    /// The family that draws all of <paramref name="texts"/>: DejaVu Sans when it has every character, else Noto Sans
    /// CJK SC (the fonts must be loaded).
    /// </summary>
    public static string FamilyFor(IEnumerable<string?> texts)
    {
        var regular = _regular ?? throw new InvalidOperationException("ChartFont.Load was not called.");
        foreach (var text in texts)
        {
            if (!string.IsNullOrEmpty(text) && !regular.ContainsGlyphs(text.Replace("\n", " ", StringComparison.Ordinal)))
            {
                return CjkFamily;
            }
        }

        return Family;
    }

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
            var cjk = Path.Combine(full, CjkFile);
            foreach (var file in new[] { regular, bold, cjk })
            {
                if (!File.Exists(file))
                {
                    throw new ChartTextException($"Reports:FontDirectory '{directory}' has no {Path.GetFileName(file)}: charts would come out without text (the shipped copy is in data/fonts).");
                }

                using var typeface = SKTypeface.FromFile(file);
                if (typeface is null || typeface.GlyphCount == 0 || !typeface.ContainsGlyphs("Weekly volume 0123456789 % Жалобы")
                    || (file == cjk && !typeface.ContainsGlyphs("投诉退款客服")))
                {
                    throw new ChartTextException($"{file} is not a usable font for the charts: they would come out without text.");
                }
            }

            Fonts.AddFontFile(Family, regular, bold: false, italic: false);
            Fonts.AddFontFile(Family, bold, bold: true, italic: false);

            // One weight of the CJK subset (1.6 MB) serves bold text too: a CJK report's titles come out regular.
            Fonts.AddFontFile(CjkFamily, cjk, bold: false, italic: false);
            Fonts.AddFontFile(CjkFamily, cjk, bold: true, italic: false);
            Fonts.Default = Family;
            _regular?.Dispose();
            _regular = SKTypeface.FromFile(regular);
            _loadedFrom = full;
        }
    }
}

/// <summary>A chart could not get its text drawn (no usable font), or came out without any.</summary>
public sealed class ChartTextException(string message) : Exception(message);
