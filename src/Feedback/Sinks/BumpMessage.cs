using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core;
using Pipeline.Core.Feedback;

namespace Pipeline.Feedback.Sinks;

/// <summary>
/// The JSON body of a bump for the webhook and the JSON-lines file. <c>idempotencyKey</c> is the same for every
/// delivery of the same bump: a receiver that sees it twice applies it once.
/// </summary>
public sealed record BumpMessage(
    string IdempotencyKey,
    long BumpId,
    string TicketId,
    string Priority,
    string Rule,
    string RuleVersion,
    string Reason,
    string AngerLevel,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Terms,
    string InteractionId,
    string Channel,
    DateTimeOffset CreatedAt)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static BumpMessage Of(PriorityBump bump)
    {
        var r = bump.Request;
        return new BumpMessage(r.IdempotencyKey, bump.Id, r.TicketId ?? throw new InvalidOperationException($"Bump {bump.Id} has no ticket."),
            r.Priority.ToName(), r.Rule, r.RuleVersion, r.Reason, r.AngerLevel.ToName(), r.Categories, r.Terms, r.InteractionId, r.Channel.ToName(), r.CreatedAt);
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}
