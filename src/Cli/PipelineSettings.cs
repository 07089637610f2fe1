using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Pipeline.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Transcripts;
using Pipeline.Models.Anger;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;
using Pipeline.Cli.Health;
using Pipeline.Cli.Telemetry;
using Pipeline.Cli.Worker;
using Pipeline.Feedback;
using Pipeline.Models.Scoring;
using Pipeline.Reports;

namespace Pipeline.Cli;

/// <summary>
/// Every options class the CLI uses, bound from configuration and validated once at start.
/// All problems are reported together, each naming its key.
/// </summary>
public sealed record PipelineSettings(
    string StoreConnection,
    string? CustomerKey,
    string CustomerKeyFile,
    IngestOptions Ingest,
    EmailOptions Email,
    TranscriptOptions Transcripts,
    AngerOptions Anger,
    SentimentOptions Sentiment,
    TopicOptions Topics,
    ReportOptions Reports,
    FeedbackOptions Feedback,
    ScoringOptions Scoring,
    WorkerOptions Worker,
    HealthOptions Health,
    TelemetryOptions Telemetry)
{
    public static PipelineSettings From(IConfiguration configuration)
    {
        var errors = UnknownSettings.Find(configuration).ToList();
        if (ConsoleLogging.Validate(configuration) is { } logFormat)
        {
            errors.Add(logFormat);
        }

        var ingest = Bind(configuration, IngestOptions.Section, errors, new IngestOptions(), static (s, o) => s.Bind(o));
        var email = Bind(configuration, EmailOptions.Section, errors, new EmailOptions(), static (s, o) => s.Bind(o));
        var anger = Bind(configuration, AngerOptions.Section, errors, new AngerOptions(), static (s, o) => s.Bind(o));
        errors.AddRange(anger.Validate());
        var sentiment = Bind(configuration, SentimentOptions.Section, errors, new SentimentOptions(), static (s, o) => s.Bind(o));
        var topics = Bind(configuration, TopicOptions.Section, errors, new TopicOptions(), static (s, o) => s.Bind(o));
        errors.AddRange(topics.Validate());
        var reports = Bind(configuration, ReportOptions.Section, errors, new ReportOptions(), static (s, o) => s.Bind(o));
        errors.AddRange(reports.Validate());
        var feedback = Bind(configuration, FeedbackOptions.Section, errors, new FeedbackOptions(), static (s, o) => s.Bind(o));
        errors.AddRange(feedback.Validate(Environment.GetEnvironmentVariable));
        var scoring = Bind(configuration, ScoringOptions.Section, errors, new ScoringOptions(), static (s, o) => s.Bind(o));

        // The shipped assets: the working directory's copy, else the application's (ShippedAssets).
        sentiment.LexiconFile = ShippedAssets.Resolve(sentiment.LexiconFile);
        sentiment.NamesFile = ShippedAssets.Resolve(sentiment.NamesFile);
        sentiment.TrainingDataDirectory = ShippedAssets.Resolve(sentiment.TrainingDataDirectory);
        topics.StopWordsFile = ShippedAssets.Resolve(topics.StopWordsFile);
        topics.ChineseStopWordsFile = ShippedAssets.Resolve(topics.ChineseStopWordsFile);
        anger.LexiconDirectory = ShippedAssets.Resolve(anger.LexiconDirectory);
        reports.FontDirectory = ShippedAssets.Resolve(reports.FontDirectory);
        var worker = Bind(configuration, WorkerOptions.Section, errors, new WorkerOptions(), static (s, o) => s.Bind(o));
        errors.AddRange(worker.Validate());
        var health = Bind(configuration, HealthOptions.Section, errors, new HealthOptions(), static (s, o) => s.Bind(o));
        var telemetry = Bind(configuration, TelemetryOptions.Section, errors, new TelemetryOptions(), static (s, o) => s.Bind(o));
        errors.AddRange(telemetry.Validate());

        // Lists are read whole: the binder would append configured labels to the defaults.
        var transcripts = new TranscriptOptions();
        var section = configuration.GetSection(TranscriptOptions.Section);
        if (section.GetSection(nameof(TranscriptOptions.AgentLabels)).Get<List<string>>() is { } agents)
        {
            transcripts.AgentLabels = agents;
        }

        if (section.GetSection(nameof(TranscriptOptions.CustomerLabels)).Get<List<string>>() is { } customers)
        {
            transcripts.CustomerLabels = customers;
        }

        errors.AddRange(transcripts.Validate());

        try
        {
            _ = new System.Text.RegularExpressions.Regex(email.TicketSubjectPattern);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"Email:TicketSubjectPattern is not a valid regular expression: {ex.Message}");
        }

        foreach (var (source, index) in ingest.Sources.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(source.Path))
            {
                errors.Add($"Ingest:Sources:{index}:Path is empty");
            }

            if (!string.IsNullOrEmpty(source.Channel) && !Core.ChannelNames.TryParse(source.Channel, out _))
            {
                errors.Add($"Ingest:Sources:{index}:Channel '{source.Channel}' is not complaint, email or call");
            }

            if (!string.IsNullOrEmpty(source.Language) && !Core.Languages.Forcible.Contains(source.Language.Trim().ToLowerInvariant()))
            {
                errors.Add($"Ingest:Sources:{index}:Language '{source.Language}' is not {string.Join(", ", Core.Languages.Forcible)} (or empty: each text's own)");
            }
        }

        var store = configuration["Store:ConnectionString"];
        if (string.IsNullOrWhiteSpace(store))
        {
            errors.Add("Store:ConnectionString is empty; set it to sqlite:PATH or postgres:<connection string>");
        }

        var keyFile = configuration["Privacy:CustomerKeyFile"];
        if (string.IsNullOrWhiteSpace(configuration["Privacy:CustomerKey"]) && string.IsNullOrWhiteSpace(keyFile))
        {
            errors.Add("Privacy: set CustomerKey or CustomerKeyFile (the key that links customers across channels)");
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException("Configuration errors:\n  " + string.Join("\n  ", errors));
        }

        return new PipelineSettings(store!, configuration["Privacy:CustomerKey"], keyFile ?? "pipeline.key", ingest, email, transcripts, anger, sentiment, topics, reports, feedback, scoring, worker, health, telemetry);
    }

    /// <param name="bind">Binds the section to the options: a call the configuration binder's source generator sees with its
    /// type, so no reflection runs at start-up.</param>
    private static T Bind<T>(IConfiguration configuration, string section, List<string> errors, T options, Action<IConfigurationSection, T> bind)
        where T : class
    {
        try
        {
            bind(configuration.GetSection(section), options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{section}: {ex.Message}");
            return options;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        return options;
    }
}
