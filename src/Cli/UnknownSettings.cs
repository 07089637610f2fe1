using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Cli;

/// <summary>
/// Finds configured keys that no setting reads, a misspelt <c>Feedbak:Sink</c> or <c>Feedback:Sinks</c> that the binder
/// would silently ignore, and says what was probably meant. Sections are walked against the options classes they bind
/// to (dictionaries take any key, lists their indexes); <c>Logging</c> is the logging library's and is not checked. A
/// top-level value with no section under it (<c>PIPELINE_SMTP_PASSWORD</c> becomes <c>SMTP_PASSWORD</c>) is an
/// environment variable the pipeline reads by name, not a setting, and is left alone.
/// </summary>
public static class UnknownSettings
{
    /// <summary>The top-level sections: the type each binds to, <c>null</c> for one whose keys are not the pipeline's.</summary>
    private static readonly IReadOnlyDictionary<string, Type?> Sections = new Dictionary<string, Type?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Store"] = typeof(StoreSettings),
        ["Privacy"] = typeof(PrivacySettings),
        [Ingest.IngestOptions.Section] = typeof(Ingest.IngestOptions),
        [Ingest.Email.EmailOptions.Section] = typeof(Ingest.Email.EmailOptions),
        [Ingest.Transcripts.TranscriptOptions.Section] = typeof(Ingest.Transcripts.TranscriptOptions),
        [Models.Anger.AngerOptions.Section] = typeof(Models.Anger.AngerOptions),
        [Models.Sentiment.SentimentOptions.Section] = typeof(Models.Sentiment.SentimentOptions),
        [Models.Topics.TopicOptions.Section] = typeof(Models.Topics.TopicOptions),
        [Reports.ReportOptions.Section] = typeof(Reports.ReportOptions),
        [Feedback.FeedbackOptions.Section] = typeof(Feedback.FeedbackOptions),
        [Models.Scoring.ScoringOptions.Section] = typeof(Models.Scoring.ScoringOptions),
        [Worker.WorkerOptions.Section] = typeof(Worker.WorkerOptions),
        [Health.HealthOptions.Section] = typeof(Health.HealthOptions),
        [Telemetry.TelemetryOptions.Section] = typeof(Telemetry.TelemetryOptions),
        ["Logging"] = null,
    };

    /// <summary>One line per key no setting reads, with the nearest known key when one is close.</summary>
    public static IEnumerable<string> Find(IConfiguration configuration)
    {
        foreach (var top in configuration.GetChildren())
        {
            if (!top.GetChildren().Any())
            {
                continue;
            }

            if (!Sections.TryGetValue(top.Key, out var type))
            {
                yield return Unknown(top.Path, Sections.Keys);
                continue;
            }

            if (type is null)
            {
                continue;
            }

            foreach (var problem in Walk(top, type))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> Walk(IConfigurationSection section, Type type)
    {
        if (ElementOf(type) is { } element)
        {
            // A dictionary (any key) or a list (its indexes): each entry is checked against the element type.
            foreach (var child in section.GetChildren())
            {
                foreach (var problem in Walk(child, element))
                {
                    yield return problem;
                }
            }

            yield break;
        }

        if (IsValue(type))
        {
            if (section.GetChildren().Any())
            {
                yield return $"{section.Path} is a single value, not a section: {string.Join(", ", section.GetChildren().Select(c => c.Path))} would be ignored.";
            }

            yield break;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.CanWrite || ElementOf(p.PropertyType) is not null || !IsValue(p.PropertyType)))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                yield return Unknown(child.Path, properties.Keys);
                continue;
            }

            foreach (var problem in Walk(child, property.PropertyType))
            {
                yield return problem;
            }
        }
    }

    /// <summary>The value type of a dictionary keyed by string, or the element type of a list or array; otherwise <c>null</c>.</summary>
    private static Type? ElementOf(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var contract in type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
        {
            if (contract.IsGenericType && contract.GetGenericTypeDefinition() is var definition)
            {
                if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                {
                    return contract.GetGenericArguments()[1];
                }

                if (definition == typeof(IEnumerable<>))
                {
                    return contract.GetGenericArguments()[0];
                }
            }
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null;
    }

    private static bool IsValue(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsPrimitive || inner.IsEnum || inner == typeof(string) || inner == typeof(decimal) || inner == typeof(object)
            || inner == typeof(TimeSpan) || inner == typeof(DateTime) || inner == typeof(DateTimeOffset) || inner == typeof(Uri);
    }

    private static string Unknown(string path, IEnumerable<string> known)
    {
        var key = path[(path.LastIndexOf(':') + 1)..];
        var parent = path.Length > key.Length ? path[..(path.Length - key.Length)] : "";
        var nearest = known.Select(k => (Name: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, c.Name.Length / 4))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();
        return nearest is null
            ? $"{path} is not a setting: nothing reads it (known here: {string.Join(", ", known.Order(StringComparer.Ordinal))})."
            : $"{path} is not a setting: nothing reads it. Did you mean {parent}{nearest}?";
    }

    /// <summary>The Levenshtein distance: edits that turn one key into the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The keys of <c>Store</c>, read by name in <see cref="PipelineSettings"/>.</summary>
    private sealed class StoreSettings
    {
        public string? ConnectionString { get; set; }
    }

    /// <summary>The keys of <c>Privacy</c>, read by name in <see cref="PipelineSettings"/>.</summary>
    private sealed class PrivacySettings
    {
        public string? CustomerKey { get; set; }

        public string? CustomerKeyFile { get; set; }
    }
}
