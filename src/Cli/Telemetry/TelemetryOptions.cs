using System.ComponentModel.DataAnnotations;

namespace Pipeline.Cli.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c>: where the worker sends its OpenTelemetry metrics and traces (OTLP). Empty
/// <see cref="OtlpEndpoint"/>: nothing is exported (the worker still counts, for a listener in the process).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The collector's base address, e.g. http://127.0.0.1:4318 (http/protobuf) or http://127.0.0.1:4317 (grpc).</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>"http/protobuf" (metrics to /v1/metrics, traces to /v1/traces under the endpoint) or "grpc".</summary>
    public string OtlpProtocol { get; set; } = HttpProtobuf;

    /// <summary>How often the metrics are exported.</summary>
    [Range(0.1, 86_400)]
    public double MetricIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// How often the worker counts its queues for pipeline.queue.depth and pipeline.queue.age (when exporting). Counting the
    /// unscored interactions passes every interaction once: seconds on a store of ten million.
    /// </summary>
    [Range(1, 86_400)]
    public double QueueSampleSeconds { get; set; } = 300;

    /// <summary>The <c>service.name</c> of the resource the metrics and traces come from.</summary>
    public string ServiceName { get; set; } = "complaint-pipeline";

    public const string HttpProtobuf = "http/protobuf";
    public const string Grpc = "grpc";

    public bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public IEnumerable<string> Validate()
    {
        if (Enabled && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"{Section}:OtlpEndpoint '{OtlpEndpoint}' is not an http:// or https:// address (a collector's, e.g. http://127.0.0.1:4318)";
        }

        if (OtlpProtocol is not (HttpProtobuf or Grpc))
        {
            yield return $"{Section}:OtlpProtocol '{OtlpProtocol}' is not {HttpProtobuf} or {Grpc}";
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return $"{Section}:ServiceName is empty";
        }
    }
}
