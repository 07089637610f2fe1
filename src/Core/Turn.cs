namespace Pipeline.Core;

/// <summary>Who spoke a turn of a call. Later stages score the customer's words only.</summary>
public enum Speaker
{
    Customer,
    Agent,
    Other,
}

/// <summary>One speaker turn of a call transcript, in the order spoken.</summary>
/// <param name="Start">Offset from the start of the call, when the transcript has timings.</param>
public sealed record Turn(Speaker Speaker, string Text, TimeSpan? Start = null);
