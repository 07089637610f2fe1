using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Reads inputs into redacted interactions without storing them (for fitting a model on files). Files and
/// readers are the ingest stage's own; an item the stage would quarantine is counted and logged; a file that
/// cannot be read stops the read with its reason (a fit on part of the data would be silently different).
/// </summary>
public sealed class InputReader(ReaderCatalog readers, InteractionFactory factory, ILogger logger)
{
    public long Rejected { get; private set; }

    public async IAsyncEnumerable<Interaction> ReadAsync(IReadOnlyList<IngestSource> sources, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in InputFiles.Plan(sources))
        {
            if (file.Channel is not { } channel)
            {
                logger.LogInformation("Skipped {Path}: not an input type", file.Path);
                continue;
            }

            await using var input = InputFiles.Open(file);

            var reader = readers.ReaderFor(file.Path, channel, file.Mapping);
            await using var outcomes = reader.ReadAsync(file.Path, input.Content, cancellationToken).GetAsyncEnumerator(cancellationToken);
            long rejected = 0;
            while (await InputFiles.NextAsync(outcomes, file.Path).ConfigureAwait(false))
            {
                switch (outcomes.Current)
                {
                    case ReadOutcome.Accepted accepted:
                        yield return factory.Create(accepted.Record);
                        break;
                    case ReadOutcome.Rejected:
                        rejected++;
                        break;
                }
            }

            if (rejected > 0)
            {
                logger.LogWarning("{Path}: {Rejected} malformed items left out (`ingest` quarantines them with their reasons)", file.Path, rejected);
                Rejected += rejected;
            }
        }
    }
}
