using System.Net.Http.Headers;
using System.Security.Cryptography;
using Pipeline.Core.Feedback;

namespace Pipeline.Feedback.Sinks;

/// <summary>
/// A generic JSON webhook: <c>POST {Url}</c> with the <see cref="BumpMessage"/> as body, its HMAC-SHA256 under the
/// shared key in the signature header (<c>sha256=&lt;hex&gt;</c>) and the bump's <c>Idempotency-Key</c>. Any 2xx is
/// delivery; the receiver owns the ticket and so the rule that a priority is never lowered.
/// </summary>
public sealed class WebhookSink(HttpClient http, WebhookSinkOptions options, byte[] key, TimeProvider time) : IBumpSink
{
    public string Name => "webhook";

    public TimeSpan LongestDelivery => TimeSpan.FromSeconds(options.LongestDeliverySeconds);

    public static string Signature(byte[] key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    public async Task<DeliveryResult> DeliverAsync(PriorityBump bump, CancellationToken cancellationToken)
    {
        var body = BumpMessage.Of(bump).ToUtf8();
        try
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
            post.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            post.Headers.Add(options.SignatureHeader, Signature(key, body));
            post.Headers.Add("Idempotency-Key", bump.Request.IdempotencyKey);
            using var response = await http.SendAsync(post, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? DeliveryResult.Raised((int)response.StatusCode, null, bump.Request.Priority.ToName())
                : await HttpFailures.FromResponseAsync(response, "POST webhook", time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return HttpFailures.FromException(ex, "POST webhook", options.TimeoutSeconds);
        }
    }
}
