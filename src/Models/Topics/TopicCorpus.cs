using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>
/// A training document: its interaction id, the start of its redacted text (for representative documents), its
/// prepared words and which of them were directly followed by the next (for label phrases).
/// </summary>
public sealed record CorpusDocument(string Id, string Excerpt, string[] Words, bool[] FollowedDirectly);

/// <summary>
/// The documents a topic model is fitted on, read from a stream of interactions in batches: the texts of one language
/// (each language's model is fitted on its own; English by default) with at least
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

    /// <summary>Texts in another language than the corpus's: not fitted on (they are counted in <see cref="WithText"/>).</summary>
    public long OtherLanguages { get; }

    /// <summary>Texts with fewer prepared words than the minimum: not fitted on.</summary>
    public long TooShort { get; }

    /// <summary>Texts long enough to fit on (the sample is drawn from these).</summary>
    public long Eligible => WithText - OtherLanguages - TooShort;

    /// <param name="language">The language whose texts are read (<see cref="Interaction.Language"/>); the others are counted in <see cref="OtherLanguages"/>.</param>
    public static async Task<TopicCorpus> BuildAsync(IAsyncEnumerable<Interaction> interactions, TopicText text, TopicOptions options, CancellationToken cancellationToken,
        string language = Languages.English)
    {
        var sample = new List<CorpusDocument>();
        var random = new Random(1);
        long read = 0, withText = 0, tooShort = 0, eligible = 0, otherLanguages = 0;
        var batch = new List<Interaction>(BatchSize);

        void Flush()
        {
            var prepared = text.Prepare(batch.Select(i => i.Text).ToList(), language);
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
            if (interaction.Language != language)
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
