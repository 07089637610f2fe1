using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core;
using Pipeline.Core.Feedback;

namespace Pipeline.Feedback.Sinks;

/// <summary>
/// The helpdesk's ticket API, in the shape of the common one: <c>GET {BaseUrl}/api/v2/tickets/{id}.json</c> reads the
/// ticket's priority; only when the target is higher, <c>PUT</c> the same address with
/// <c>{"ticket":{"priority":…,"tags":[…],"comment":{"body":…,"public":false}}}</c> and an <c>Idempotency-Key</c>
/// header, so a priority is never lowered and a repeated request is applied once. The token goes in the
/// Authorization header only; it is never logged or put in an error.
/// </summary>
public sealed class HelpdeskSink : IBumpSink
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly HelpdeskSinkOptions _options;
    private readonly TimeProvider _time;

    public HelpdeskSink(HttpClient http, HelpdeskSinkOptions options, string token, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
        _base = new Uri(options.BaseUrl.TrimEnd('/') + "/");
        _authorization = options.AuthScheme == "Basic"
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{token}")))
            : new AuthenticationHeaderValue("Bearer", token);
    }

    public string Name => "http";

    public TimeSpan LongestDelivery => TimeSpan.FromSeconds(_options.LongestDeliverySeconds);

    public async Task<DeliveryResult> DeliverAsync(PriorityBump bump, CancellationToken cancellationToken)
    {
        var request = bump.Request;
        var address = new Uri(_base, $"api/v2/tickets/{Uri.EscapeDataString(request.TicketId!)}.json");
        TicketPriority? current;
        try
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, address);
            get.Headers.Authorization = _authorization;
            using var response = await _http.SendAsync(get, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await HttpFailures.FromResponseAsync(response, $"GET ticket {request.TicketId}", _time, cancellationToken).ConfigureAwait(false);
            }

            current = Priority(await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return HttpFailures.FromException(ex, $"GET ticket {request.TicketId}", _options.TimeoutSeconds);
        }
        catch (JsonException ex)
        {
            return DeliveryResult.Retry($"GET ticket {request.TicketId}: the answer is not a ticket ({ex.Message})");
        }

        if (current is { } now && now >= request.Priority)
        {
            return DeliveryResult.Unchanged(200, now.ToName());
        }

        var body = new JsonObject
        {
            ["ticket"] = new JsonObject
            {
                ["priority"] = request.Priority.ToName(),
                ["tags"] = new JsonArray("pipeline-escalation", $"anger-{request.AngerLevel.ToName()}", $"bump-{request.Rule}"),
                ["comment"] = new JsonObject
                {
                    ["body"] = $"Priority raised to {request.Priority.ToName()} by the complaint pipeline: {request.Reason}. Interaction {request.InteractionId} ({request.Channel.ToString().ToLowerInvariant()}).",
                    ["public"] = false,
                },
            },
        };
        try
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, address) { Content = JsonContent.Create(body) };
            put.Headers.Authorization = _authorization;
            put.Headers.Add("Idempotency-Key", request.IdempotencyKey);
            using var response = await _http.SendAsync(put, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await HttpFailures.FromResponseAsync(response, $"PUT ticket {request.TicketId}", _time, cancellationToken).ConfigureAwait(false);
            }

            return DeliveryResult.Raised((int)response.StatusCode, current?.ToName(), request.Priority.ToName());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return HttpFailures.FromException(ex, $"PUT ticket {request.TicketId}", _options.TimeoutSeconds);
        }
    }

    /// <summary>The ticket's priority; <c>null</c> when it has none (any priority is higher).</summary>
    private static TicketPriority? Priority(JsonNode? answer)
    {
        var ticket = answer?["ticket"] ?? throw new JsonException("no \"ticket\" object");
        var text = ticket["priority"]?.GetValue<string>();
        return TicketPriorities.TryParse(text, out var priority) ? priority : null;
    }
}
