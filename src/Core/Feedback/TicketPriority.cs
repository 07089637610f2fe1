namespace Pipeline.Core.Feedback;

/// <summary>A helpdesk ticket's priority, in rising order (the common helpdesk scale: low, normal, high, urgent).</summary>
public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

public static class TicketPriorities
{
    public static string ToName(this TicketPriority priority) => priority.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out TicketPriority priority)
    {
        priority = default;
        return !string.IsNullOrWhiteSpace(text)
            && !int.TryParse(text, out _)
            && Enum.TryParse(text.Trim(), ignoreCase: true, out priority)
            && Enum.IsDefined(priority);
    }

    public static TicketPriority Parse(string text) =>
        TryParse(text, out var priority) ? priority : throw new FormatException($"'{text}' is not a ticket priority (low, normal, high, urgent).");
}
