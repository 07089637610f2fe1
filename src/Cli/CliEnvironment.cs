using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;
using Pipeline.Feedback;
using Pipeline.Feedback.Sinks;
using Pipeline.Ingest;
using Pipeline.Ingest.Privacy;
using Pipeline.Models.Anger;
using Pipeline.Models.Scoring;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;
using Pipeline.Reports;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>
/// The composition root of the CLI: configuration (shipped appsettings.json, an appsettings.json in the
/// working directory, PIPELINE_ environment variables, command-line options, in that order), logging to
/// stderr, the clock, and factories for the store and the stages.
/// </summary>
public sealed class CliEnvironment : IDisposable
{
    private CliEnvironment(IConfiguration configuration, ILoggerFactory loggers, TimeProvider time, TextWriter output)
    {
        Configuration = configuration;
        Loggers = loggers;
        Time = time;
        Output = output;
        Settings = PipelineSettings.From(configuration);
    }

    public IConfiguration Configuration { get; }

    public PipelineSettings Settings { get; }

    public ILoggerFactory Loggers { get; }

    public TimeProvider Time { get; }

    /// <summary>Where summaries go (stdout); logs go to stderr.</summary>
    public TextWriter Output { get; }

    public static CliEnvironment Create(IReadOnlyDictionary<string, string?> overrides, TimeProvider? time = null, TextWriter? output = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("PIPELINE_")
            .AddInMemoryCollection(overrides)
            .Build();

        var loggers = LoggerFactory.Create(logging => ConsoleLogging.Add(logging, configuration));

        try
        {
            return new CliEnvironment(configuration, loggers, time ?? TimeProvider.System, output ?? Console.Out);
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Opens the configured store and applies pending migrations; failures say what to fix.</summary>
    public async Task<IInteractionStore> OpenStoreAsync(CancellationToken cancellationToken)
    {
        StoreConnectionString parsed;
        try
        {
            parsed = StoreConnectionString.Parse(Settings.StoreConnection);
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException($"Store:ConnectionString (--store): {ex.Message}", ex);
        }

        try
        {
            return await StoreFactory.OpenAsync(Settings.StoreConnection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StoreUnavailableException(
                $"Cannot open the store {StoreConnectionString.Redacted(Settings.StoreConnection)} ({parsed.Engine}): {ex.Message}", ex);
        }
    }

    /// <summary>The ingest stage over a store that may still be opening (<see cref="OpenStoreAsync"/>): the stage reads its first batch meanwhile.</summary>
    public IngestStage CreateIngestStage(Task<IInteractionStore> store)
    {
        var logger = Loggers.CreateLogger<CliEnvironment>();
        CustomerKeySource.Result key;
        try
        {
            key = CustomerKeySource.Load(Settings.CustomerKey, Settings.CustomerKeyFile);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException(ex.Message, ex);
        }

        if (key.Created)
        {
            logger.LogWarning("Created a new customer-linking key at {Path}. Keep it with the store and back it up: without it, customers ingested later are not linked to earlier ones.", key.Origin);
        }

        return new IngestStage(
            AsIngestStore(store),
            new ReaderCatalog(Settings.Email, Settings.Transcripts),
            new InteractionFactory(new CustomerKeyHasher(key.Key)),
            Settings.Ingest,
            Time,
            Loggers.CreateLogger<IngestStage>());
    }

    private static async Task<IIngestStore> AsIngestStore(Task<IInteractionStore> store) => await store.ConfigureAwait(false);

    /// <summary>
    /// The anger engine with the configured lexicons and thresholds; with a model folder (<paramref name="modelDirectory"/>,
    /// else <c>Anger:ModelDirectory</c>), its learned terms and thresholds.
    /// </summary>
    public AngerEngine CreateAngerEngine(string? modelDirectory = null)
    {
        try
        {
            var model = string.IsNullOrEmpty(modelDirectory) ? Settings.Anger.ModelDirectory : modelDirectory;
            if (string.IsNullOrEmpty(model))
            {
                return new AngerEngine(AngerLexicon.LoadDirectory(Settings.Anger.LexiconDirectory), Settings.Anger);
            }

            return new AngerEngine(AngerLexicon.LoadDirectory(Settings.Anger.LexiconDirectory, model), AngerModelFile.Load(model).Apply(Settings.Anger));
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationException(ex.Message, ex);
        }
    }

    public SentimentModelProvider CreateSentimentModels() => new(Settings.Sentiment, Loggers.CreateLogger("sentiment"));

    public TopicModelProvider CreateTopicModels() => new(Settings.Topics, Time, Loggers.CreateLogger("topics"));

    /// <summary>The current models' topics with the analysts' labels as they are now (<see cref="TopicModelProvider.CurrentTopics"/>).</summary>
    public IReadOnlyList<TopicSummary>? CurrentTopics() => CreateTopicModels().CurrentTopics();

    /// <summary>The current topic model's labels by stable id (the analysts' labels file first); empty when there is no model yet.</summary>
    public IReadOnlyDictionary<int, string> TopicLabels() =>
        (CurrentTopics() ?? []).ToDictionary(t => t.Id, t => t.Label);

    /// <summary>
    /// Writes the current topic model's labels to the store's <c>topic_labels</c> (what <c>interaction_scores</c> shows);
    /// leaves them as they are when there is no topic model yet.
    /// </summary>
    public async Task SaveTopicLabelsAsync(IScoredInteractionSource store, CancellationToken cancellationToken)
    {
        if (CurrentTopics() is { } topics)
        {
            await store.SaveTopicLabelsAsync(topics.ToDictionary(t => t.Id, t => t.Label), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The dispatcher of the store's bump outbox, with the configured sink.</summary>
    public BumpDispatcher CreateDispatcher(IInteractionStore store) =>
        new(BumpStore(store), BumpSinks.Create(Settings.Feedback, Environment.GetEnvironmentVariable, Time), Settings.Feedback, Time, Loggers.CreateLogger<BumpDispatcher>());

    public static IBumpStore BumpStore(IInteractionStore store) =>
        store as IBumpStore ?? throw new InvalidOperationException($"The store {store.Description} keeps no priority bumps.");

    public Pipeline.Reports.Delivery.SmtpReportSender CreateReportSender() =>
        new(Settings.Reports.Mail, Environment.GetEnvironmentVariable, Loggers.CreateLogger<Pipeline.Reports.Delivery.SmtpReportSender>());

    public ReportStage CreateReportStage(IInteractionStore store) =>
        new(store, Settings.Reports, TopicLabels(), Time, Loggers.CreateLogger<ReportStage>());

    /// <summary>Reads input files into redacted interactions without storing them (customer keys are throwaway: nothing is linked).</summary>
    public InputReader CreateInputReader() =>
        new(new ReaderCatalog(Settings.Email, Settings.Transcripts),
            new InteractionFactory(new CustomerKeyHasher(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
            Loggers.CreateLogger("input"));

    /// <summary>
    /// The score stage with the current models: sentiment (trained first on a fresh clone), topics (fitted first on
    /// the store's interactions when there is no model yet) and the anger engine.
    /// </summary>
    /// <remarks>
    /// On a fresh clone both models are trained first. Each fit runs on one thread (so it is reproducible), so the
    /// sentiment model trains while the topics are fitted, one on each core.
    /// </remarks>
    public Task<ScoreStage> CreateScoreStageAsync(IInteractionStore store, CancellationToken cancellationToken) =>
        CreateScoreStageAsync(Task.FromResult(store), cancellationToken);

    /// <param name="opening">The store, still opening (<see cref="StoreOpening.Start"/>): it opens while the models load.</param>
    public async Task<ScoreStage> CreateScoreStageAsync(Task<IInteractionStore> opening, CancellationToken cancellationToken)
    {
        // The store opens and starts getting ready for scores (PostgreSQL: a partition of scores for each month) while the
        // models load. The score stage does not wait for it: its own call joins this one, and its commits wait for it.
        var preparing = Task.Run(async () => await (await opening.ConfigureAwait(false)).PrepareScoringAsync(CancellationToken.None).ConfigureAwait(false), CancellationToken.None);
        var sentimentTask = Task.Run(() => CreateSentimentModels().LoadOrTrainAll(), CancellationToken.None);
        TopicModels topics;
        AngerEngine anger;
        string angerVersion;
        try
        {
            topics = await CreateTopicModels().LoadOrTrainAllAsync(() => StoredInteractions(opening, cancellationToken), cancellationToken).ConfigureAwait(false);
            anger = CreateAngerEngine();
            angerVersion = AngerVersion();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The topics' (or the anger lexicon's) error is the one to report; the sentiment training is let finish so that nothing runs on unobserved
            // (on a stop the process ends anyway, and waiting a minute for it would not be a stop).
            try
            {
                await sentimentTask.ConfigureAwait(false);
            }
            catch (Exception sentimentError)
            {
                Loggers.CreateLogger<CliEnvironment>().LogError(sentimentError, "Loading or training the sentiment model failed as well");
            }

            try
            {
                await preparing.ConfigureAwait(false);
            }
            catch (Exception storeError)
            {
                Loggers.CreateLogger<CliEnvironment>().LogError(storeError, "Preparing the store for scores failed as well");
            }

            if (ex is FileNotFoundException missing && missing.FileName == Settings.Topics.StopWordsFile)
            {
                throw new ConfigurationException(missing.Message, missing);
            }

            throw;
        }

        var sentiment = await sentimentTask.ConfigureAwait(false);
        var store = await opening.ConfigureAwait(false);
        if (preparing.IsFaulted)
        {
            await preparing.ConfigureAwait(false);
        }

        // A failure after this point is the score stage's to report (it joins the preparation, or makes one of its own if
        // this one has ended); it is logged here as well, so that it is not lost when the stage's own attempt succeeds.
        _ = preparing.ContinueWith(
            static (failed, logger) => ((ILogger)logger!).LogWarning(failed.Exception, "Preparing the store for scores while the models loaded failed"),
            Loggers.CreateLogger<CliEnvironment>(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await SaveTopicLabelsAsync(store, cancellationToken).ConfigureAwait(false);

        return new ScoreStage(store, sentiment, topics, anger, angerVersion, Settings.Anger.RepeatContactDays, Time, Loggers.CreateLogger<ScoreStage>(),
            Settings.Scoring.BatchSize, new BumpRules(Settings.Feedback));
    }

    /// <summary>Every stored interaction, once the store is open (what the topics are fitted on when there is no model yet).</summary>
    private static async IAsyncEnumerable<Pipeline.Core.Interaction> StoredInteractions(Task<IInteractionStore> opening, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = await opening.ConfigureAwait(false);
        await foreach (var interaction in store.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            yield return interaction;
        }
    }

    /// <summary>"anger-v1+" and a hash of the lexicon files and the Anger settings: a change to either scores everything again.</summary>
    private string AngerVersion()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(Settings.Anger.LexiconDirectory, "anger.*.json").Order(StringComparer.Ordinal))
        {
            hash.AppendData(File.ReadAllBytes(file));
        }

        if (!string.IsNullOrEmpty(Settings.Anger.ModelDirectory))
        {
            foreach (var file in Directory.GetFiles(Settings.Anger.ModelDirectory, "*.json").Order(StringComparer.Ordinal))
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        // The settings without the folders: the lexicons' content is hashed above, and where they lie (the working
        // directory's copy or the application's) must not score everything again.
        var settings = System.Text.Json.JsonSerializer.SerializeToNode(Settings.Anger)!.AsObject();
        settings.Remove(nameof(AngerOptions.LexiconDirectory));
        settings.Remove(nameof(AngerOptions.ModelDirectory));
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(settings.ToJsonString()));
        return "anger-v1+" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    public void Dispose() => Loggers.Dispose();
}

/// <summary>The store cannot be opened or written; the message names the store and the cause.</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
