using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>
/// A training document: its interaction id, the start of its redacted text (for representative documents), its
/// prepared words and which of them were directly followed by the next (for label phrases).
/// </summary>
public sealed record CorpusDocument(string Id, string Excerpt, string[] Words, bool[] FollowedDirectly);

/// <summary>
/// The documents a topic model is fitted on, read from a stream of interactions in batches: English texts (the topic
/// model is English's; an interaction in another language gets no topic) with at least
/// <see cref="TopicOptions.MinWords"/> prepared words, at most <see cref="TopicOptions.MaxTrainingDocuments"/>
/// of them (a seeded reservoir sample when there are more, so memory stays bounded and refits reproduce).
/// Only the prepared words and a short excerpt are kept, not the texts.
/// </summary>
public sealed class TopicCorpus
{
    private const int BatchSize = 500;
    private const int ExcerptLength = 280;

    private TopicCorpus(IReadOnlyList<CorpusDocument> documents, long read, long withText, long tooShort, long otherLanguages = 0)
    {
        Documents = documents;
        Read = read;
        WithText = withText;
        TooShort = tooShort;
        OtherLanguages = otherLanguages;
    }

    public IReadOnlyList<CorpusDocument> Documents { get; }

    public long Read { get; }

    public long WithText { get; }

    /// <summary>Texts in another language than English: not fitted on (they are counted in <see cref="WithText"/>).</summary>
    public long OtherLanguages { get; }

    /// <summary>Texts with fewer prepared words than the minimum: not fitted on.</summary>
    public long TooShort { get; }

    /// <summary>Texts long enough to fit on (the sample is drawn from these).</summary>
    public long Eligible => WithText - OtherLanguages - TooShort;

    public static async Task<TopicCorpus> BuildAsync(IAsyncEnumerable<Interaction> interactions, TopicText text, TopicOptions options, CancellationToken cancellationToken)
    {
        var sample = new List<CorpusDocument>();
        var random = new Random(1);
        long read = 0, withText = 0, tooShort = 0, eligible = 0, otherLanguages = 0;
        var batch = new List<Interaction>(BatchSize);

        void Flush()
        {
            var prepared = text.Prepare(batch.Select(i => i.Text).ToList());
            for (var n = 0; n < batch.Count; n++)
            {
                if (prepared[n].Words.Length < options.MinWords)
                {
                    tooShort++;
                    continue;
                }

                var document = new CorpusDocument(batch[n].Id, Excerpt(batch[n].Text!), prepared[n].Words, prepared[n].FollowedDirectly);
                if (eligible < options.MaxTrainingDocuments)
                {
                    sample.Add(document);
                }
                else if (random.NextInt64(eligible + 1) is var slot && slot < options.MaxTrainingDocuments)
                {
                    sample[(int)slot] = document;
                }

                eligible++;
            }

            batch.Clear();
        }

        await foreach (var interaction in interactions.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (!interaction.HasText)
            {
                continue;
            }

            withText++;
            if (!TopicModel.Reads(interaction))
            {
                otherLanguages++;
                continue;
            }

            batch.Add(interaction);
            if (batch.Count == BatchSize)
            {
                Flush();
            }
        }

        Flush();
        return new TopicCorpus(sample, read, withText, tooShort, otherLanguages);
    }

    /// <summary>For tests and tools: a corpus from texts already in memory.</summary>
    public static TopicCorpus FromDocuments(IReadOnlyList<CorpusDocument> documents) =>
        new(documents, documents.Count, documents.Count, 0);

    private static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength].TrimEnd() + "…";
    }
}
