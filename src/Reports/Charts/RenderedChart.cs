namespace Pipeline.Reports.Charts;

/// <summary>A chart drawn twice: a PNG (inlined into report.html) and an SVG (written beside it), with its texts.</summary>
/// <param name="Name">File name without extension ("volume-by-channel").</param>
/// <param name="Description">One sentence on how to read it (the figure caption and the image's alt text).</param>
public sealed record RenderedChart(string Name, string Title, string Description, byte[] Png, string Svg, int Width, int Height);
