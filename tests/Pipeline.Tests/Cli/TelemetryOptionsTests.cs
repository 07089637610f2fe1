using Pipeline.Cli.Telemetry;

namespace Pipeline.Tests.Cli;

public class TelemetryOptionsTests
{
    [TestCase("", "http/protobuf", null)]
    [TestCase("http://127.0.0.1:4318", "http/protobuf", null)]
    [TestCase("https://collector.example.com", "grpc", null)]
    [TestCase("ftp://collector", "http/protobuf", "Telemetry:OtlpEndpoint 'ftp://collector' is not an http:// or https:// address")]
    [TestCase("collector:4318", "http/protobuf", "Telemetry:OtlpEndpoint 'collector:4318' is not an http:// or https:// address")]
    [TestCase("http://127.0.0.1:4317", "thrift", "Telemetry:OtlpProtocol 'thrift' is not http/protobuf or grpc")]
    public void Validate_EndpointAndProtocol_NamesTheKeyOfEachProblem(string endpoint, string protocol, string? error)
    {
        var problems = new TelemetryOptions { OtlpEndpoint = endpoint, OtlpProtocol = protocol }.Validate().ToList();

        Assert.That(problems, error is null ? Is.Empty : Has.One.StartsWith(error));
    }
}
