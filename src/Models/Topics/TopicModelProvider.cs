using Microsoft.Extensions.Logging;
using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>
/// Gives the current topic model: the one in <see cref="TopicOptions.ModelDirectory"/>, or, when there is none
/// yet (a fresh clone), one fitted there first on the interactions given (the store's). Fitting is deterministic.
/// </summary>
public sealed class TopicModelProvider(TopicOptions options, TimeProvider time, ILogger logger)
{
    public TopicText CreateText() => TopicText.Load(options.StopWordsFile);

    public IReadOnlyDictionary<int, string> Labels() => TopicFiles.LoadLabels(options.LabelsFile);

    public bool Exists(string? directory = null) =>
        File.Exists(Path.Combine(directory ?? options.ModelDirectory, TopicFiles.ModelFile))
        && File.Exists(Path.Combine(directory ?? options.ModelDirectory, TopicFiles.MetadataFile));

    /// <summary>Fits on the interactions and writes the model to <paramref name="directory"/>, aligning ids to the model there or in the model directory.</summary>
    public async Task<TopicTrainingResult> TrainAsync(IAsyncEnumerable<Interaction> interactions, int? topics, string? directory, CancellationToken cancellationToken)
    {
        var target = directory ?? options.ModelDirectory;
        var text = CreateText();
        var labels = Labels();
        var corpus = await TopicCorpus.BuildAsync(interactions, text, options, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Read {Read} interactions: {WithText} with text, {OtherLanguages} not in English, {TooShort} too short for topics, {Used} used for fitting",
            corpus.Read, corpus.WithText, corpus.OtherLanguages, corpus.TooShort, corpus.Documents.Count);
        var previous = TopicModel.ReadMetadata(target) ?? (target == options.ModelDirectory ? null : TopicModel.ReadMetadata(options.ModelDirectory));
        return await Task.Run(() => new TopicTrainer(options, time, logger).Train(corpus, topics, previous, labels, target, cancellationToken), cancellationToken).ConfigureAwait(false);
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
