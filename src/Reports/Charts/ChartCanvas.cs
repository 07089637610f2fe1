using System.Globalization;
using Pipeline.Core.Time;
using ScottPlot;
using SkiaSharp;

namespace Pipeline.Reports.Charts;

/// <summary>
/// What every chart shares: the font, sizes and colours of titles and axes, week ticks with readable dates, and the
/// rendering into PNG and SVG with a check that the PNG really carries text.
/// </summary>
public static class ChartCanvas
{
    public const int Width = 1000;
    public const int Height = 420;

    /// <param name="report">The report the chart is of: its texts choose the font (<see cref="ChartFont.FamilyFor"/>).</param>
    public static Plot Create(Weekly.WeeklyReport report, string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(ChartFont.FamilyFor(TextsOf(report).Append(title).Append(xLabel).Append(yLabel)));
        plot.Title(title, size: 17);
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.ForeColor = ChartPalette.Text;
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Grid.MajorLineColor = ChartPalette.Grid;
        return plot;
    }

    /// <summary>What of a report its charts may write: topic labels and the names of its segments (products, companies, …).</summary>
    private static IEnumerable<string?> TextsOf(Weekly.WeeklyReport report) =>
        report.TopicLabels.Values.Concat(report.Breakdowns.SelectMany(b => b.Rows.Select(r => r.Label)));

    /// <summary>Stacked bars per week, one layer per series (bottom first), each with its colour and legend entry; returns the stack heights.</summary>
    public static double[] StackedBars(Plot plot, IReadOnlyList<Weekly.WeekSeries> weeks, IEnumerable<(string Name, Color Color, Func<Weekly.WeekSeries, int> Value)> layers)
    {
        var bottoms = new double[weeks.Count];
        foreach (var (name, color, value) in layers)
        {
            var bars = weeks.Select((w, i) => new Bar
            {
                Position = i,
                ValueBase = bottoms[i],
                Value = bottoms[i] + value(w),
                FillColor = color,
                LineWidth = 0,
                Size = 0.8,
            }).ToList();
            plot.Add.Bars(bars).LegendText = name;
            for (var i = 0; i < weeks.Count; i++)
            {
                bottoms[i] += value(weeks[i]);
            }
        }

        return bottoms;
    }

    /// <summary>Ticks at week positions 0…n−1: "2019-W40" over its Monday ("30 Sep"), thinned to about eight, always the last.</summary>
    public static void WeekTicks(Plot plot, IReadOnlyList<ReportingWeek> weeks)
    {
        var step = Math.Max(1, (int)Math.Ceiling(weeks.Count / 8.0));
        var positions = new List<double>();
        var labels = new List<string>();
        for (var i = weeks.Count - 1; i >= 0; i -= step)
        {
            positions.Insert(0, i);
            labels.Insert(0, $"{weeks[i]}\n{weeks[i].Start.ToString("d MMM", CultureInfo.InvariantCulture)}");
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. positions], [.. labels]);
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, weeks.Count - 0.4);
    }

    /// <summary>Renders the plot as PNG and SVG; a PNG whose title came out blank (no usable font) is an error.</summary>
    public static RenderedChart Render(Plot plot, string name, string title, string description, int width = Width, int height = Height)
    {
        byte[] png;
        bool hasText;
        using (var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul)))
        {
            plot.Render(surface);
            using var image = surface.Snapshot();
            using var pixels = image.PeekPixels();
            hasText = HasText(pixels);

            // The "up" filter at zlib level 3: a quarter of the default's (every filter, level 6) time for 5 % more bytes.
            using var encoded = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, zLibLevel: 3))
                ?? throw new InvalidOperationException($"The chart '{title}' could not be encoded as PNG.");
            png = encoded.ToArray();
        }

        if (!hasText)
        {
            throw new ChartTextException($"The chart '{title}' came out without text: no usable font (Reports:FontDirectory).");
        }

        var svg = StableIds(plot.GetSvgXml(width, height));
        return new RenderedChart(name, title, description, png, svg, width, height);
    }

    /// <summary>
    /// Skia numbers an SVG's clip paths with a process-wide counter ("cl_1a"); they are renumbered from 1 in order of
    /// appearance, so the same chart always gives the same file.
    /// </summary>
    public static string StableIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(svg, "id=\"(cl_[0-9a-f]+)\""))
        {
            ids.TryAdd(match.Groups[1].Value, "clip" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture));
        }

        return ids.Count == 0 ? svg : System.Text.RegularExpressions.Regex.Replace(svg, "(?<=id=\"|url\\(#)cl_[0-9a-f]+\\b",
            m => ids.TryGetValue(m.Value, out var stable) ? stable : m.Value);
    }

    /// <summary>Whether the title band (the top 40 pixel rows) of a PNG holds dark text pixels.</summary>
    public static bool HasText(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        return bitmap is not null && HasText(bitmap.PeekPixels());
    }

    /// <summary>Whether the title band (the top 40 pixel rows) of rendered pixels holds dark text pixels.</summary>
    public static bool HasText(SKPixmap pixels)
    {
        if (pixels.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888))
        {
            using var converted = new SKBitmap(new SKImageInfo(pixels.Width, pixels.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            return pixels.ReadPixels(converted.PeekPixels()) && HasText(converted.PeekPixels());
        }

        // Four bytes a pixel; red and blue swap places between the two layouts, which the test treats alike.
        var bytes = pixels.GetPixelSpan();
        int width = pixels.Width, stride = pixels.RowBytes, dark = 0;
        for (var y = 0; y < Math.Min(40, pixels.Height); y++)
        {
            var row = bytes.Slice(y * stride, width * 4);
            for (var x = 0; x < row.Length; x += 4)
            {
                dark += row[x] < 110 && row[x + 1] < 110 && row[x + 2] < 110 ? 1 : 0;
            }
        }

        return dark >= 30;
    }
}
