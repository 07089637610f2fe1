using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Pipeline.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Transcripts;
using Pipeline.Models.Anger;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;
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
    WorkerOptions Worker)
{
    public static PipelineSettings From(IConfiguration configuration)
    {
        var errors = new List<string>();
        var ingest = Bind<IngestOptions>(configuration, IngestOptions.Section, errors);
        var email = Bind<EmailOptions>(configuration, EmailOptions.Section, errors);
        var anger = Bind<AngerOptions>(configuration, AngerOptions.Section, errors);
        errors.AddRange(anger.Validate());
        var sentiment = Bind<SentimentOptions>(configuration, SentimentOptions.Section, errors);
        var topics = Bind<TopicOptions>(configuration, TopicOptions.Section, errors);
        errors.AddRange(topics.Validate());
        var reports = Bind<ReportOptions>(configuration, ReportOptions.Section, errors);
        errors.AddRange(reports.Validate());
        var feedback = Bind<FeedbackOptions>(configuration, FeedbackOptions.Section, errors);
        errors.AddRange(feedback.Validate(Environment.GetEnvironmentVariable));
        var scoring = Bind<ScoringOptions>(configuration, ScoringOptions.Section, errors);
        var worker = Bind<WorkerOptions>(configuration, WorkerOptions.Section, errors);
        errors.AddRange(worker.Validate());

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

        return new PipelineSettings(store!, configuration["Privacy:CustomerKey"], keyFile ?? "pipeline.key", ingest, email, transcripts, anger, sentiment, topics, reports, feedback, scoring, worker);
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> errors)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
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
