using Microsoft.Extensions.Logging;
using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>
/// Gives the current topic model: the one in <see cref="TopicOptions.ModelDirectory"/>, or, when there is none
/// yet (a fresh clone), one fitted there first on the interactions given (the store's). Fitting is deterministic.
/// </summary>
public sealed class TopicModelProvider(TopicOptions options, TimeProvider time, ILogger logger)
{
    public TopicText CreateText() => TopicText.Load(options.StopWordsFile, options.ChineseStopWordsFile);

    public IReadOnlyDictionary<int, string> Labels() => TopicFiles.LoadLabels(options.LabelsFile);

    /// <summary>
    /// The current models' topics (each language's topics.json; their ids are apart: English from 1, Russian from 1001,
    /// Chinese from 2001) with the analysts' labels as they are now; <c>null</c> when there is no model yet.
    /// </summary>
    /// <exception cref="InvalidDataException">A topics.json is not the list of topics training writes.</exception>
    public IReadOnlyList<TopicSummary>? CurrentTopics()
    {
        var topics = new List<TopicSummary>();
        var any = false;
        foreach (var language in TopicOptions.ModelLanguages)
        {
            var path = Path.Combine(options.ModelDirectoryOf(language), TopicFiles.TopicsFile);
            if (File.Exists(path))
            {
                any = true;
                topics.AddRange(TopicFiles.LoadTopics(path));
            }
        }

        return any ? TopicTrainer.Relabel(topics, Labels()) : null;
    }

    public bool Exists(string? directory = null) =>
        File.Exists(Path.Combine(directory ?? options.ModelDirectory, TopicFiles.ModelFile))
        && File.Exists(Path.Combine(directory ?? options.ModelDirectory, TopicFiles.MetadataFile));

    /// <summary>
    /// Fits <paramref name="language"/>'s model on its interactions and writes it to <paramref name="directory"/> (default: the
    /// language's model folder), aligning ids to the model there or in the language's folder.
    /// </summary>
    public async Task<TopicTrainingResult> TrainAsync(IAsyncEnumerable<Interaction> interactions, int? topics, string? directory, CancellationToken cancellationToken,
        string language = Languages.English)
    {
        var corpus = await ReadCorpusAsync(interactions, language, cancellationToken).ConfigureAwait(false);
        return await FitAsync(corpus, topics, directory, language, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TopicCorpus> ReadCorpusAsync(IAsyncEnumerable<Interaction> interactions, string language, CancellationToken cancellationToken)
    {
        var corpus = await TopicCorpus.BuildAsync(interactions, CreateText(), options, cancellationToken, language).ConfigureAwait(false);
        logger.LogInformation("Read {Read} interactions for the {Language} topic model: {WithText} with text, {OtherLanguages} in other languages, {TooShort} too short for topics, {Used} used for fitting",
            corpus.Read, Languages.Describe(language), corpus.WithText, corpus.OtherLanguages, corpus.TooShort, corpus.Documents.Count);
        return corpus;
    }

    private async Task<TopicTrainingResult> FitAsync(TopicCorpus corpus, int? topics, string? directory, string language, CancellationToken cancellationToken)
    {
        var home = options.ModelDirectoryOf(language);
        var target = directory ?? home;
        var labels = Labels();
        var previous = TopicModel.ReadMetadata(target) ?? (target == home ? null : TopicModel.ReadMetadata(home));
        if (previous is not null && (previous.Language ?? Languages.English) != language)
        {
            // A model of another language says nothing about these topics' ids.
            previous = null;
        }

        return await Task.Run(() => new TopicTrainer(options, time, logger).Train(corpus, topics, previous, labels, target, cancellationToken, language), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// English's model (<see cref="LoadOrTrainAsync"/>), and Russian's and Chinese's where their folders hold one. When
    /// English's is fitted on first use, or a language's model was made by an earlier pipeline, the other languages are
    /// fitted in the same go if the interactions hold at least <see cref="TopicOptions.MinLanguageDocuments"/> of theirs;
    /// otherwise a language gets its model from <c>train topics --language ru|zh</c>.
    /// </summary>
    public async Task<TopicModels> LoadOrTrainAllAsync(Func<IAsyncEnumerable<Interaction>> interactions, CancellationToken cancellationToken)
    {
        var fittedEnglish = !Exists() || TopicModel.ReadMetadata(options.ModelDirectory) is { } e && !TopicModel.IsCurrent(e);
        var models = new Dictionary<string, TopicModel>(StringComparer.Ordinal)
        {
            [Languages.English] = await LoadOrTrainAsync(interactions, cancellationToken).ConfigureAwait(false),
        };
        foreach (var language in TopicOptions.ModelLanguages.Where(l => l != Languages.English))
        {
            var directory = options.ModelDirectoryOf(language);
            var existing = Exists(directory) ? TopicModel.ReadMetadata(directory) : null;
            if (existing is not null && TopicModel.IsCurrent(existing) && File.Exists(Path.Combine(directory, TopicInference.FileName)))
            {
                models[language] = TopicModel.Load(directory);
                continue;
            }

            if (!fittedEnglish && existing is null)
            {
                continue;
            }

            var corpus = await ReadCorpusAsync(interactions(), language, cancellationToken).ConfigureAwait(false);
            if (corpus.Documents.Count < options.MinLanguageDocuments)
            {
                logger.LogInformation("No {Language} topic model: {Documents} {Language} texts long enough for topics, {Needed} needed (Topics:MinLanguageDocuments); they get no topic until `train topics --language {Code}` fits one",
                    Languages.Describe(language), corpus.Documents.Count, Languages.Describe(language), options.MinLanguageDocuments, language);
                continue;
            }

            await FitAsync(corpus, existing?.TopicCount, null, language, cancellationToken).ConfigureAwait(false);
            models[language] = TopicModel.Load(directory);
        }

        return new TopicModels(models);
    }

    /// <summary>The model in the model directory; fitted first on <paramref name="interactions"/> when there is none.</summary>
    public async Task<TopicModel> LoadOrTrainAsync(Func<IAsyncEnumerable<Interaction>> interactions, CancellationToken cancellationToken)
    {
        if (!Exists())
        {
            logger.LogWarning("No topic model in {Directory}: fitting one now on the store's interactions (deterministic; `train topics` refits)", options.ModelDirectory);
            await TrainAsync(interactions(), null, null, cancellationToken).ConfigureAwait(false);
        }
        else if (TopicModel.ReadMetadata(options.ModelDirectory) is { } existing && (!TopicModel.IsCurrent(existing) || !File.Exists(Path.Combine(options.ModelDirectory, TopicInference.FileName))))
        {
            // Fitted by an earlier pipeline: refitted with the same number of topics, its ids and labels carried over.
            logger.LogWarning("The topic model in {Directory} is {Version}, made by an earlier pipeline: fitting {Prefix} now (ids and labels carried over)", options.ModelDirectory, existing.ModelVersion, TopicTrainer.ModelVersionPrefix);
            await TrainAsync(interactions(), existing.TopicCount, null, cancellationToken).ConfigureAwait(false);
        }

        return TopicModel.Load(options.ModelDirectory);
    }
}
