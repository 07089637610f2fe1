using System.Buffers.Binary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Tests.Support;

/// <summary>
/// A real OTLP/HTTP collector on 127.0.0.1 (protobuf on /v1/metrics and /v1/traces), keeping every export and reading the
/// parts the tests look at with a protobuf wire-format reader (the field numbers are those of opentelemetry-proto).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<byte[]> _metrics = [];
    private readonly List<byte[]> _traces = [];
    private readonly Lock _gate = new();

    private OtlpReceiver(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public sealed record Span(string Name, IReadOnlyDictionary<string, string> Attributes, int StatusCode);

    public static async Task<OtlpReceiver> StartAsync()
    {
        OtlpReceiver? receiver = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/metrics", (HttpRequest request) => Keep(request, r => r!._metrics));
            app.MapPost("/v1/traces", (HttpRequest request) => Keep(request, r => r!._traces));
        });
        receiver = new OtlpReceiver(app, address);
        return receiver;

        async Task<IResult> Keep(HttpRequest request, Func<OtlpReceiver?, List<byte[]>> list)
        {
            if (request.ContentType != "application/x-protobuf")
            {
                return Results.StatusCode(415);
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (receiver!._gate)
            {
                list(receiver).Add(body.ToArray());
            }

            return Results.Bytes([], "application/x-protobuf");
        }
    }

    private List<byte[]> Copy(List<byte[]> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    /// <summary>
    /// The value of a monotonic sum or a gauge in the latest export that has it, summed over its data points that carry
    /// <paramref name="attribute"/> (key=value; <c>null</c>: all); <c>null</c> when no export has it yet.
    /// </summary>
    public double? Latest(string metric, string? attribute = null)
    {
        double? latest = null;
        foreach (var export in Copy(_metrics))
        {
            foreach (var resource in Messages(export, 1))
            foreach (var scope in Messages(resource, 2))
            foreach (var m in Messages(scope, 2))
            {
                if (Text(m, 1) != metric)
                {
                    continue;
                }

                double total = 0;
                foreach (var data in Messages(m, 7).Concat(Messages(m, 5)))
                foreach (var point in Messages(data, 1))
                {
                    if (attribute is null || Attributes(point, 7).Any(a => $"{a.Key}={a.Value}" == attribute))
                    {
                        total += Fields(point).Where(f => f.Tag is 4 or 6).Select(f => f.Tag == 6 ? (double)(long)f.Value : BitConverter.Int64BitsToDouble((long)f.Value)).Sum();
                    }
                }

                latest = total;
            }
        }

        return latest;
    }

    /// <summary>The number of recordings of a histogram in the latest export, over the data points carrying <paramref name="attribute"/>.</summary>
    public long? LatestCount(string metric, string attribute)
    {
        long? latest = null;
        foreach (var export in Copy(_metrics))
        foreach (var resource in Messages(export, 1))
        foreach (var scope in Messages(resource, 2))
        foreach (var m in Messages(scope, 2).Where(m => Text(m, 1) == metric))
        {
            latest = Messages(m, 9).SelectMany(h => Messages(h, 1))
                .Where(p => Attributes(p, 9).Any(a => $"{a.Key}={a.Value}" == attribute))
                .Sum(p => (long)Fields(p).Where(f => f.Tag == 4).Select(f => f.Value).FirstOrDefault());
        }

        return latest;
    }

    public IReadOnlyList<Span> Spans() =>
        Copy(_traces).SelectMany(e => Messages(e, 1)).SelectMany(r => Messages(r, 2)).SelectMany(s => Messages(s, 2))
            .Select(s => new Span(Text(s, 5) ?? "", Attributes(s, 9).ToDictionary(a => a.Key, a => a.Value),
                (int)Messages(s, 15).SelectMany(Fields).Where(f => f.Tag == 3).Select(f => f.Value).FirstOrDefault()))
            .ToList();

    /// <summary>The resource attributes of the first metrics export.</summary>
    public IReadOnlyDictionary<string, string> Resource() =>
        Copy(_metrics).Take(1).SelectMany(e => Messages(e, 1)).SelectMany(r => Messages(r, 1)).SelectMany(r => Attributes(r, 1)).ToDictionary(a => a.Key, a => a.Value);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private readonly record struct Field(int Wire, int Tag, ulong Value, byte[] Bytes);

    private static IEnumerable<byte[]> Messages(byte[] message, int field) => Fields(message).Where(f => f.Tag == field && f.Wire == 2).Select(f => f.Bytes);

    private static string? Text(byte[] message, int field) =>
        Fields(message).Where(f => f.Tag == field && f.Wire == 2).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault();

    /// <summary>KeyValue{key = 1, value = 2: AnyValue{string = 1, bool = 2, int = 3, double = 4}}, each as text.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Attributes(byte[] message, int field) =>
        Messages(message, field).Select(kv =>
        {
            var value = Messages(kv, 2).FirstOrDefault() ?? [];
            var any = Fields(value).FirstOrDefault();
            var text = any.Tag switch
            {
                1 => System.Text.Encoding.UTF8.GetString(any.Bytes),
                2 => any.Value != 0 ? "true" : "false",
                3 => ((long)any.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                4 => BitConverter.Int64BitsToDouble((long)any.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
            return new KeyValuePair<string, string>(Text(kv, 1) ?? "", text);
        });

    /// <summary>The fields of one protobuf message: (wire type, field number, varint or fixed value, bytes of a length-delimited one).</summary>
    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var (number, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    fields.Add(new Field(0, number, Varint(message, ref position), []));
                    break;
                case 1:
                    fields.Add(new Field(1, number, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(position, 8)), []));
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add(new Field(2, number, 0, message.AsSpan(position, length).ToArray()));
                    position += length;
                    break;
                case 5:
                    fields.Add(new Field(5, number, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(position, 4)), []));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wire} at byte {position}: not an OTLP message");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
