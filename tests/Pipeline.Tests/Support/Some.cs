using Pipeline.Core;

namespace Pipeline.Tests.Support;

/// <summary>Throwaway values for tests.</summary>
public static class Some
{
    private static int _counter;

    public static Interaction Interaction(
        string? id = null,
        Channel channel = Channel.Email,
        DateTimeOffset? at = null,
        string? text = "The fee was charged twice.",
        string? customer = "cust_test",
        IReadOnlyList<string>? identifiers = null,
        IReadOnlyList<Turn>? turns = null) =>
        new(
            id ?? $"{channel.ToName()}-{Interlocked.Increment(ref _counter):D24}",
            channel,
            at ?? new DateTimeOffset(2019, 10, 2, 14, 5, 0, TimeSpan.FromHours(-4)),
            text,
            Subject: "Charged twice",
            Product: "Checking or savings account",
            Issue: "Managing an account",
            Company: "Some Bank",
            CustomerKey: customer,
            CustomerIdentifiers: identifiers ?? (customer is null ? [] : ["email:" + customer[5..]]),
            TicketId: "T-1",
            Language: "en",
            Source: new SourceLocation("test.eml", "message"),
            Metadata: new Dictionary<string, string> { ["Message-ID"] = "m@example.com", ["State"] = "FL" },
            Turns: turns ?? []);
}
