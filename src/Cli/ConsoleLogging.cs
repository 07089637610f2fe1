using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Pipeline.Cli;

/// <summary>
/// The logs of every command and of the worker, on stderr (stdout holds the summaries): one line each, as text
/// ("HH:mm:ss level: category[event] message"), or with <c>Logging:Format=json</c> one JSON object each (UTC
/// timestamp, level, category, message and the message's named values), for a log collector.
/// </summary>
public static class ConsoleLogging
{
    public const string FormatKey = "Logging:Format";

    public static readonly string[] Formats = ["text", "json"];

    public static void Add(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        if (string.Equals(configuration[FormatKey], "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.ColorBehavior = Console.IsErrorRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
            });
        }

        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>The configuration error of an unknown <c>Logging:Format</c>, or <c>null</c> (text is the default).</summary>
    public static string? Validate(IConfiguration configuration) =>
        configuration[FormatKey] is { } format && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase)
            ? $"{FormatKey} '{format}' is not one of {string.Join(", ", Formats)}"
            : null;
}
