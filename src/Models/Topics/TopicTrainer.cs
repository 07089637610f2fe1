using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>What a fit produced and where it was written.</summary>
public sealed record TopicTrainingResult(TopicModelFile Model, IReadOnlyList<TopicSummary> Topics, string Directory, TimeSpan Elapsed);

/// <summary>
/// Fits the topic model: a vocabulary from the corpus (words in at least <see cref="TopicOptions.MinDocumentFrequency"/>
/// documents and at most <see cref="TopicOptions.MaxDocumentShare"/> of them), LDA fits for each candidate number of
/// topics, then more restarts (other document orders) of the most coherent number, on both cores; the fit with
/// the best mean C_v coherence is kept, topic ids aligned to the
/// previous model, labels, sizes and representative documents; writes model.zip, phi.bin, model.json and topics.json.
/// Same corpus and options, same model.
/// </summary>
public sealed class TopicTrainer(TopicOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>v2: documents' topics by <see cref="TopicInference"/> (fold-in), its word distributions saved as phi.bin.</summary>
    public const string ModelVersionPrefix = "topics-lda-v2";
    private const int AlignmentTerms = 50;

    /// <summary>Representative documents are ranked by their share of the topic, shorter ones than this (in prepared words) scaled down.</summary>
    private const int RepresentativeWords = 40;

    /// <param name="topicCount">The number of topics, or <c>null</c> to choose it by coherence (or take <see cref="TopicOptions.Count"/>).</param>
    /// <param name="previous">The model this one replaces, for stable ids; <c>null</c> for a first fit.</param>
    /// <param name="language">The language of the corpus: the model says it, and a first fit numbers its topics from the language's first id (<see cref="TopicOptions.FirstIdOf"/>).</param>
    public TopicTrainingResult Train(TopicCorpus corpus, int? topicCount, TopicModelFile? previous, IReadOnlyDictionary<int, string> labels, string directory, CancellationToken cancellationToken,
        string language = Languages.English)
    {
        var started = time.GetTimestamp();
        var documents = corpus.Documents;
        var candidates = options.Candidates(topicCount);
        var minimum = Math.Max(20, candidates.Max() * 2);
        if (documents.Count < minimum)
        {
            throw new InsufficientTopicDataException(
                $"Cannot fit {candidates.Max()} topics on {documents.Count} documents ({corpus.WithText} texts read, {corpus.TooShort} under {options.MinWords} words); at least {minimum} are needed. Ingest more text or fit fewer topics (--topics).");
        }

        var vocabulary = BuildVocabulary(documents);
        var index = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        var rows = documents.Select(d => new TermsRow { Terms = d.Words.Where(index.ContainsKey).ToArray() }).ToList();
        var frequency = TermFrequencies(rows, index);
        logger.LogInformation("Fitting topics on {Documents} documents, vocabulary {Vocabulary} words; trying {Candidates} topics, then {Restarts} restarts of the best",
            documents.Count, vocabulary.Count, string.Join("/", candidates), options.Restarts);

        var reference = documents.Select(d => (IReadOnlyList<string>)d.Words).ToList();
        var fits = new List<Fitted>();

        // First every candidate number of topics once, then the other restarts for the most coherent one.
        fits.AddRange(FitAll(candidates.Select(k => (k, 0)).ToList(), rows, index, frequency, vocabulary, reference, cancellationToken));
        var chosen = fits.OrderByDescending(f => f.Coherence.Mean).ThenBy(f => f.Fit.TopicCount).First().Fit.TopicCount;
        fits.AddRange(FitAll(Enumerable.Range(1, options.Restarts - 1).Select(r => (chosen, r)).ToList(), rows, index, frequency, vocabulary, reference, cancellationToken));
        var best = fits.Where(f => f.Fit.TopicCount == chosen).OrderByDescending(f => f.Coherence.Mean).ThenBy(f => f.Fit.Restart).First();
        var k = best.Fit.TopicCount;
        var inference = new TopicInference(best.Fit.Phi, options.AlphaSum);
        var theta = Infer(inference, rows, index);
        var dominant = theta.Select(Dominant).ToArray();

        var distributions = Enumerable.Range(0, k).Select(t => (IReadOnlyList<TopicTerm>)best.Fit.Phi[t]
            .Select((p, w) => new TopicTerm(vocabulary[w], Math.Round(p, 6)))
            .OrderByDescending(x => x.Weight).ThenBy(x => x.Term, StringComparer.Ordinal)
            .Take(AlignmentTerms).ToList()).ToList();
        var firstId = TopicOptions.FirstIdOf(language);
        var (ids, retired, nextId) = TopicAligner.Align(distributions, previous?.Topics ?? [], previous?.NextId ?? firstId, options.AlignmentThreshold);
        if (previous is null)
        {
            // A first fit numbers topics from the largest: topic 1 (1001 in Russian, 2001 in Chinese) is the most common.
            var bySize = Enumerable.Range(0, k).OrderByDescending(t => dominant.Count(d => d == t)).ThenBy(t => t).ToList();
            ids = Enumerable.Range(0, k).Select(t => new AlignedId(firstId + bySize.IndexOf(t), false, 0)).ToList();
            nextId = firstId + k;
        }

        var labeler = new TopicLabeler(documents);
        var stored = new List<StoredTopic>();
        var summaries = new List<TopicSummary>();
        for (var t = 0; t < k; t++)
        {
            var ranked = best.Ranked[t];
            var mine = documents.Where((_, d) => dominant[d] == t).ToList();
            var autoLabel = labeler.Label(ranked.Select(r => r.Term).ToList(), mine);
            var representative = Enumerable.Range(0, documents.Count)
                .Where(d => dominant[d] == t)
                .OrderByDescending(d => theta[d][t] * Math.Min(1.0, documents[d].Words.Length / (double)RepresentativeWords))
                .ThenBy(d => documents[d].Id, StringComparer.Ordinal)
                .Take(options.RepresentativeDocuments)
                .Select(d => new TopicDocument(documents[d].Id, Math.Round(theta[d][t], 4), documents[d].Excerpt))
                .ToList();
            stored.Add(new StoredTopic(ids[t].Id, t, autoLabel, distributions[t]));
            summaries.Add(new TopicSummary(
                ids[t].Id,
                labels.TryGetValue(ids[t].Id, out var label) ? label : autoLabel,
                ranked.Take(options.TermsPerTopic).ToList(),
                mine.Count,
                Math.Round(best.Coherence.PerTopic[t], 4),
                autoLabel,
                ids[t].New,
                representative));
        }

        summaries.Sort((a, b) => a.Id.CompareTo(b.Id));
        stored.Sort((a, b) => a.Id.CompareTo(b.Id));
        var model = new TopicModelFile(
            Version(vocabulary, stored),
            TopicText.Version,
            k,
            Math.Round(best.Coherence.Mean, 4),
            documents.Count,
            vocabulary,
            stored,
            nextId,
            (previous?.RetiredIds ?? []).Concat(retired).Order().ToList(),
            fits.Select(f => new CandidateFit(f.Fit.TopicCount, f.Fit.Restart, Math.Round(f.Coherence.Mean, 4))).ToList())
        {
            Language = language,
        };

        Write(directory, best.Fit, inference, model, summaries);
        return new TopicTrainingResult(model, summaries, directory, time.GetElapsedTime(started));
    }

    private sealed record Fitted(LdaFit Fit, IReadOnlyList<IReadOnlyList<TopicTerm>> Ranked, CoherenceResult Coherence);

    /// <summary>Fits on both cores (each fit is single-threaded, so each is reproducible).</summary>
    private Fitted[] FitAll(IReadOnlyList<(int K, int Restart)> plan, IReadOnlyList<TermsRow> rows, IReadOnlyDictionary<string, int> index,
        double[] frequency, IReadOnlyList<string> vocabulary, IReadOnlyList<IReadOnlyList<string>> reference, CancellationToken cancellationToken)
    {
        var fits = new Fitted[plan.Count];
        Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            var fit = LdaFit.Run(rows, index, plan[i].K, plan[i].Restart, options);
            var ranked = fit.Phi.Select(phi => (IReadOnlyList<TopicTerm>)RankTerms(phi, frequency, vocabulary)).ToList();
            var coherence = CoherenceCv.Score(ranked.Select(r => (IReadOnlyList<string>)r.Take(options.TermsPerTopic).Select(t => t.Term).ToList()).ToList(), reference);
            fits[i] = new Fitted(fit, ranked, coherence);
            logger.LogInformation("{Topics} topics, restart {Restart}: C_v {Coherence:0.0000}", plan[i].K, plan[i].Restart, coherence.Mean);
        });
        return fits;
    }

    /// <summary>topics.json with the labels as they are now (after an analyst edits the labels file).</summary>
    public static IReadOnlyList<TopicSummary> Relabel(IReadOnlyList<TopicSummary> topics, IReadOnlyDictionary<int, string> labels) =>
        topics.Select(t => t with { Label = labels.TryGetValue(t.Id, out var label) ? label : t.AutoLabel }).ToList();

    private List<string> BuildVocabulary(IReadOnlyList<CorpusDocument> documents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var word in document.Words.Distinct(StringComparer.Ordinal))
            {
                df[word] = df.GetValueOrDefault(word) + 1;
            }
        }

        var max = options.MaxDocumentShare * documents.Count;
        return df.Where(p => p.Value >= options.MinDocumentFrequency && p.Value <= max).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
    }

    private static double[] TermFrequencies(IReadOnlyList<TermsRow> rows, IReadOnlyDictionary<string, int> index)
    {
        var counts = new double[index.Count];
        foreach (var row in rows)
        {
            foreach (var term in row.Terms)
            {
                counts[index[term]]++;
            }
        }

        var total = counts.Sum();
        return counts.Select(c => c / total).ToArray();
    }

    /// <summary>Terms by relevance λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)), each with its p(w|t).</summary>
    private List<TopicTerm> RankTerms(double[] phi, double[] frequency, IReadOnlyList<string> vocabulary)
    {
        var lambda = options.Relevance;
        return Enumerable.Range(0, phi.Length)
            .Where(w => phi[w] > 0)
            .Select(w => (Term: vocabulary[w], Phi: phi[w], Relevance: lambda * Math.Log(phi[w]) + (1 - lambda) * Math.Log(phi[w] / frequency[w])))
            .OrderByDescending(x => x.Relevance).ThenBy(x => x.Term, StringComparer.Ordinal)
            .Take(Math.Max(options.TermsPerTopic, 20))
            .Select(x => new TopicTerm(x.Term, Math.Round(x.Phi, 6)))
            .ToList();
    }

    internal static int Dominant(float[] distribution)
    {
        if (distribution.Length == 0)
        {
            return -1;
        }

        var best = 0;
        for (var t = 1; t < distribution.Length; t++)
        {
            if (distribution[t] > distribution[best])
            {
                best = t;
            }
        }

        return best;
    }

    private static string Version(IReadOnlyList<string> vocabulary, IReadOnlyList<StoredTopic> topics)
    {
        var builder = new StringBuilder(TopicText.Version).Append('\n').AppendJoin(' ', vocabulary).Append('\n');
        foreach (var topic in topics)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{topic.Id}:{topic.Index}:").AppendJoin(' ', topic.Distribution.Select(t => t.Term + "=" + t.Weight.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        return ModelVersionPrefix + "+" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..12];
    }

    /// <summary>Each training document's topic distribution by the inference scoring uses (empty: no topic).</summary>
    private static float[][] Infer(TopicInference inference, IReadOnlyList<TermsRow> rows, IReadOnlyDictionary<string, int> index)
    {
        var theta = new double[inference.Topics];
        var work = new double[2 * inference.Topics];
        var result = new float[rows.Count][];
        for (var d = 0; d < rows.Count; d++)
        {
            var counts = rows[d].Terms.GroupBy(t => index[t]).Select(g => (Word: g.Key, Count: g.Count())).ToList();
            var words = counts.Select(c => c.Word).ToArray();
            var occurrences = counts.Select(c => c.Count).ToArray();
            result[d] = inference.Infer(words, occurrences, theta, work) ? theta.Select(p => (float)p).ToArray() : [];
        }

        return result;
    }

    private static void Write(string directory, LdaFit fit, TopicInference inference, TopicModelFile model, IReadOnlyList<TopicSummary> topics)
    {
        Directory.CreateDirectory(directory);
        var schema = fit.Ml.Data.LoadFromEnumerable(Array.Empty<TermsRow>()).Schema;
        WriteAtomically(Path.Combine(directory, TopicFiles.ModelFile), path => fit.Ml.Model.Save(fit.Transformer, schema, path));
        WriteAtomically(Path.Combine(directory, TopicInference.FileName), inference.Save);
        WriteAtomically(Path.Combine(directory, TopicFiles.MetadataFile), path => File.WriteAllText(path, JsonSerializer.Serialize(model, TopicFiles.Json)));
        WriteAtomically(Path.Combine(directory, TopicFiles.TopicsFile), path => File.WriteAllText(path, JsonSerializer.Serialize(topics, TopicFiles.Json)));
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var temporary = path + ".tmp";
        write(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Too few documents to fit the topics asked for; the message says how many there are and what to do.</summary>
public sealed class InsufficientTopicDataException(string message) : Exception(message);
