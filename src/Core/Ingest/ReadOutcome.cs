namespace Pipeline.Core.Ingest;

/// <summary>What a reader yields for each item of a source: a record, or the reason it was rejected.</summary>
public abstract record ReadOutcome
{
    private ReadOutcome() { }

    /// <summary>A well-formed item, not yet redacted or keyed (the ingest stage does that).</summary>
    public sealed record Accepted(SourceRecord Record) : ReadOutcome;

    /// <summary>A malformed item: it goes to quarantine with its location and reason, and the run carries on.</summary>
    public sealed record Rejected(QuarantinedItem Item) : ReadOutcome;
}
