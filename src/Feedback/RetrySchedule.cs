namespace Pipeline.Feedback;

/// <summary>
/// When a failed bump is tried again: after a 429, its Retry-After (up to <see cref="FeedbackOptions.MaxRetryAfterSeconds"/>);
/// otherwise exponential backoff with jitter: attempt n waits between half and all of
/// min(<see cref="FeedbackOptions.MaxDelaySeconds"/>, <see cref="FeedbackOptions.BaseDelaySeconds"/> × 2^(n−1)).
/// </summary>
public sealed class RetrySchedule(FeedbackOptions options, Random random)
{
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            return TimeSpan.FromSeconds(Math.Clamp(wait.TotalSeconds, 0, options.MaxRetryAfterSeconds));
        }

        var ceiling = Math.Min(options.MaxDelaySeconds, options.BaseDelaySeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (0.5 * random.NextDouble())));
    }
}
