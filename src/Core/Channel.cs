namespace Pipeline.Core;

/// <summary>The way a customer reached us. Every interaction comes through exactly one.</summary>
public enum Channel
{
    /// <summary>A consumer complaint row (the CFPB export layout, or another layout through a mapping file).</summary>
    Complaint,

    /// <summary>A customer e-mail (.eml or one message of an mbox).</summary>
    Email,

    /// <summary>A call-centre transcript.</summary>
    Call,
}

/// <summary>Parsing and printing of <see cref="Channel"/> in the lower-case form used by the CLI and the store.</summary>
public static class ChannelNames
{
    public static string ToName(this Channel channel) => channel switch
    {
        Channel.Complaint => "complaint",
        Channel.Email => "email",
        Channel.Call => "call",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static bool TryParse(string? text, out Channel channel)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "complaint": channel = Channel.Complaint; return true;
            case "email": channel = Channel.Email; return true;
            case "call": channel = Channel.Call; return true;
            default: channel = default; return false;
        }
    }

    public static Channel Parse(string text) =>
        TryParse(text, out var channel)
            ? channel
            : throw new FormatException($"Unknown channel '{text}'; expected complaint, email or call.");
}
