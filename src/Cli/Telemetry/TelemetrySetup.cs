using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Pipeline.Cli.Telemetry;

/// <summary>
/// The worker's OpenTelemetry export: the "Pipeline.Worker" metrics and job spans to the OTLP collector of
/// Telemetry:OtlpEndpoint, when it is set. Metrics are sent every Telemetry:MetricIntervalSeconds and once more at stop.
/// </summary>
public static class TelemetrySetup
{
    public static void Add(IServiceCollection services, TelemetryOptions options, string instance)
    {
        services.AddMetrics();
        services.AddSingleton<WorkerMetrics>();
        if (!options.Enabled)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: instance))
            .WithMetrics(m => m.AddMeter(WorkerMetrics.Name).AddOtlpExporter((exporter, reader) =>
            {
                Configure(exporter, options, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)Math.Max(100, options.MetricIntervalSeconds * 1000);
            }))
            .WithTracing(t => t.AddSource(WorkerMetrics.Name).AddOtlpExporter(exporter => Configure(exporter, options, "v1/traces")));
    }

    /// <summary>
    /// Over http/protobuf, an endpoint given in code is the whole address (the SDK adds the signal's path only to one from
    /// OTEL_EXPORTER_OTLP_ENDPOINT), so the path goes on here; gRPC takes the base address.
    /// </summary>
    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string path)
    {
        var grpc = options.OtlpProtocol == TelemetryOptions.Grpc;
        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = grpc ? new Uri(options.OtlpEndpoint) : new Uri(options.OtlpEndpoint.TrimEnd('/') + "/" + path);
    }
}
