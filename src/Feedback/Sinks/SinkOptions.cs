namespace Pipeline.Feedback.Sinks;

/// <summary><c>Feedback:JsonLines</c>: the dry-run sink, one JSON object a line appended to a file.</summary>
public sealed class JsonLinesSinkOptions
{
    public string Path { get; set; } = "bumps/priority-bumps.jsonl";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield return "Feedback:JsonLines:Path is empty";
        }
    }
}

/// <summary>
/// <c>Feedback:Http</c>: the helpdesk's ticket API (<c>GET/PUT {BaseUrl}/api/v2/tickets/{id}.json</c>); the token is read
/// from the environment variable <see cref="TokenVariable"/> and sent as <c>Authorization: {AuthScheme} …</c>.
/// </summary>
public sealed class HelpdeskSinkOptions
{
    public string BaseUrl { get; set; } = "";

    public string TokenVariable { get; set; } = "PIPELINE_HELPDESK_TOKEN";

    /// <summary>"Bearer" (the token as it is) or "Basic" (with <see cref="User"/>: base64 of "user:token", as Zendesk's "email/token").</summary>
    public string AuthScheme { get; set; } = "Bearer";

    public string User { get; set; } = "";

    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>The longest one delivery can take: a GET of the ticket, then a PUT, each up to <see cref="TimeoutSeconds"/>.</summary>
    public double LongestDeliverySeconds => 2 * TimeoutSeconds;

    public IEnumerable<string> Validate(Func<string, string?> environment)
    {
        if (!IsHttpUrl(BaseUrl))
        {
            yield return $"Feedback:Http:BaseUrl '{BaseUrl}' is not an http(s) URL (e.g. https://example.zendesk.com)";
        }

        if (string.IsNullOrWhiteSpace(TokenVariable) || string.IsNullOrWhiteSpace(environment(TokenVariable)))
        {
            yield return $"Feedback:Http:TokenVariable: the environment variable '{TokenVariable}' holding the helpdesk token is not set";
        }

        if (AuthScheme is not ("Bearer" or "Basic"))
        {
            yield return $"Feedback:Http:AuthScheme '{AuthScheme}' is not Bearer or Basic";
        }
        else if (AuthScheme == "Basic" && string.IsNullOrWhiteSpace(User))
        {
            yield return "Feedback:Http:User is empty: Basic authentication needs the user (e.g. agent@example.com/token)";
        }

        if (TimeoutSeconds <= 0)
        {
            yield return "Feedback:Http:TimeoutSeconds must be above 0";
        }
    }

    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary><c>Feedback:Webhook</c>: a generic JSON webhook; the body is signed with HMAC-SHA256 under the key in <see cref="SecretVariable"/>.</summary>
public sealed class WebhookSinkOptions
{
    public string Url { get; set; } = "";

    public string SecretVariable { get; set; } = "PIPELINE_WEBHOOK_SECRET";

    public string SignatureHeader { get; set; } = "X-Pipeline-Signature";

    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>The longest one delivery can take: one POST of up to <see cref="TimeoutSeconds"/>.</summary>
    public double LongestDeliverySeconds => TimeoutSeconds;

    public IEnumerable<string> Validate(Func<string, string?> environment)
    {
        if (!HelpdeskSinkOptions.IsHttpUrl(Url))
        {
            yield return $"Feedback:Webhook:Url '{Url}' is not an http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(SecretVariable) || (environment(SecretVariable)?.Length ?? 0) < 16)
        {
            yield return $"Feedback:Webhook:SecretVariable: the environment variable '{SecretVariable}' must hold the signing key (16 characters or more)";
        }

        if (string.IsNullOrWhiteSpace(SignatureHeader))
        {
            yield return "Feedback:Webhook:SignatureHeader is empty";
        }

        if (TimeoutSeconds <= 0)
        {
            yield return "Feedback:Webhook:TimeoutSeconds must be above 0";
        }
    }
}
