using System.Text;

namespace Pipeline.Feedback.Sinks;

/// <summary>Builds the configured sink; secrets come from the environment (validated at start, see <see cref="FeedbackOptions.Validate"/>).</summary>
public static class BumpSinks
{
    public static IBumpSink Create(FeedbackOptions options, Func<string, string?> environment, TimeProvider time) => options.Sink switch
    {
        "jsonl" => new JsonLinesSink(options.JsonLines.Path),
        "http" => new HelpdeskSink(Client(options.Http.TimeoutSeconds), options.Http, Secret(environment, options.Http.TokenVariable, "Feedback:Http:TokenVariable"), time),
        "webhook" => new WebhookSink(Client(options.Webhook.TimeoutSeconds), options.Webhook,
            Encoding.UTF8.GetBytes(Secret(environment, options.Webhook.SecretVariable, "Feedback:Webhook:SecretVariable")), time),
        _ => throw new InvalidOperationException($"Feedback:Sink '{options.Sink}' is not a known sink ({string.Join(", ", FeedbackOptions.Sinks)})."),
    };

    private static HttpClient Client(double timeoutSeconds) => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    private static string Secret(Func<string, string?> environment, string variable, string key) =>
        environment(variable) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{key}: the environment variable '{variable}' is not set.");
}
