using System.Net;
using System.Net.Http.Headers;

namespace Pipeline.Feedback.Sinks;

/// <summary>How the HTTP sinks read a failed response or a failed request: retry or give up, and for how long to wait.</summary>
internal static class HttpFailures
{
    /// <summary>429 and 5xx, 408, 401/403 (a token can be fixed) are retried; other 4xx are permanent.</summary>
    public static async Task<DeliveryResult> FromResponseAsync(HttpResponseMessage response, string what, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ShortBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var error = $"{what}: HTTP {status} {response.ReasonPhrase}{body}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return DeliveryResult.Retry(error, status, RetryAfter(response.Headers.RetryAfter, time));
        }

        return status >= 500 || status is 408 or 401 or 403 || status < 400
            ? DeliveryResult.Retry(error, status, RetryAfter(response.Headers.RetryAfter, time))
            : DeliveryResult.Permanent(error, status);
    }

    /// <summary>A request that got no response: a timeout, a refused or dropped connection.</summary>
    public static DeliveryResult FromException(Exception exception, string what, double timeoutSeconds) => exception switch
    {
        TaskCanceledException or TimeoutException => DeliveryResult.Retry($"{what}: no response within {timeoutSeconds:0.#} s"),
        HttpRequestException http => DeliveryResult.Retry($"{what}: {http.Message}{(http.InnerException is { } inner ? " (" + inner.Message + ")" : "")}"),
        _ => DeliveryResult.Retry($"{what}: {exception.Message}"),
    };

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> ShortBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            return text.Length == 0 ? "" : ": " + (text.Length > 200 ? text[..200] + "…" : text);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
