using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Tests.Support;

/// <summary>
/// A real helpdesk on 127.0.0.1 (Kestrel) with the common ticket API: <c>GET</c> and <c>PUT /api/v2/tickets/{id}.json</c>.
/// It keeps each ticket's priority, records every request, applies a PUT once per <c>Idempotency-Key</c> (a repeat gets
/// the first answer back), refuses a PUT that would lower a priority (and counts it), and injects faults on demand.
/// </summary>
public sealed class FakeHelpdesk : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentDictionary<string, string> _answered = new();
    private readonly Lock _gate = new();

    public enum FaultKind
    {
        /// <summary>Answer 500.</summary>
        ServerError,

        /// <summary>Answer 429 with Retry-After: <see cref="Fault.Seconds"/>.</summary>
        TooManyRequests,

        /// <summary>Answer only after <see cref="Fault.Seconds"/> (past the client's timeout).</summary>
        Slow,

        /// <summary>Apply the PUT, then drop the connection without an answer.</summary>
        DropAfterApplying,

        /// <summary>Apply the PUT, then hold the answer until <see cref="Release"/> (the test kills the client meanwhile).</summary>
        HoldAfterApplying,

        /// <summary>Cut the connection at once, nothing applied (a reset).</summary>
        Reset,
    }

    /// <summary>A fault for the next request of <paramref name="Method"/> (GET or PUT).</summary>
    public sealed record Fault(string Method, FaultKind Kind, double Seconds = 0);

    public sealed record Request(DateTimeOffset At, string Method, string Path, string? IdempotencyKey, string? Authorization, string Body, int Status);

    public ConcurrentDictionary<string, string?> Priorities { get; } = new();

    /// <summary>PUTs that changed a ticket, per ticket.</summary>
    public ConcurrentDictionary<string, int> Applied { get; } = new();

    /// <summary>PUTs refused because they would have lowered a priority.</summary>
    public int Lowerings { get; private set; }

    public List<Request> Requests { get; } = [];

    public Uri BaseAddress { get; }

    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeHelpdesk(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public static async Task<FakeHelpdesk> StartAsync(string token)
    {
        FakeHelpdesk? helpdesk = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/api/v2/tickets/{id}.json", (string id, HttpContext context) => helpdesk!.GetAsync(id, context, token));
            app.MapPut("/api/v2/tickets/{id}.json", (string id, HttpContext context) => helpdesk!.PutAsync(id, context, token));
        });
        helpdesk = new FakeHelpdesk(app, address);
        return helpdesk;
    }

    public void Inject(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public void Release() => _release.TrySetResult();

    private Random? _random;
    private double _share;
    private Fault[] _kinds = [];

    /// <summary>From now on <paramref name="share"/> of the requests (seeded) get one of <paramref name="kinds"/>, whatever their method.</summary>
    public void FailAtRandom(double share, int seed, params Fault[] kinds)
    {
        lock (_gate)
        {
            (_random, _share, _kinds) = (new Random(seed), share, kinds);
        }
    }

    /// <summary>How many requests got each kind of fault, and how many none.</summary>
    public Dictionary<string, int> FaultCounts { get; } = [];

    public int Count(string method) => Snapshot().Count(r => r.Method == method);

    public IReadOnlyList<Request> Snapshot()
    {
        lock (_gate)
        {
            return [.. Requests];
        }
    }

    private async Task GetAsync(string id, HttpContext context, string token)
    {
        if (!await PassAsync(context, "GET", null, "", token))
        {
            return;
        }

        if (!Priorities.TryGetValue(id, out var priority))
        {
            await AnswerAsync(context, "GET", 404, """{"error":"RecordNotFound"}""", null, "");
            return;
        }

        await AnswerAsync(context, "GET", 200, new JsonObject { ["ticket"] = new JsonObject { ["id"] = id, ["priority"] = priority } }.ToJsonString(), null, "");
    }

    private async Task PutAsync(string id, HttpContext context, string token)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is not null && _answered.TryGetValue(key, out var earlier))
        {
            await AnswerAsync(context, "PUT", 200, earlier, key, body); // the same request again: the first answer, nothing applied
            return;
        }

        var fault = Next("PUT");
        if (fault is { Kind: not (FaultKind.DropAfterApplying or FaultKind.HoldAfterApplying) } && !await FailAsync(context, fault, "PUT", key, body))
        {
            return;
        }

        if (!Authorized(context, token))
        {
            await AnswerAsync(context, "PUT", 401, """{"error":"Unauthorized"}""", key, body);
            return;
        }

        if (!Priorities.TryGetValue(id, out var current))
        {
            await AnswerAsync(context, "PUT", 404, """{"error":"RecordNotFound"}""", key, body);
            return;
        }

        var wanted = JsonNode.Parse(body)!["ticket"]!["priority"]!.GetValue<string>();
        if (Rank(wanted) < Rank(current))
        {
            lock (_gate)
            {
                Lowerings++;
            }

            await AnswerAsync(context, "PUT", 422, """{"error":"would lower the priority"}""", key, body);
            return;
        }

        Priorities[id] = wanted;
        Applied.AddOrUpdate(id, 1, (_, n) => n + 1);
        var answer = new JsonObject { ["ticket"] = new JsonObject { ["id"] = id, ["priority"] = wanted } }.ToJsonString();
        if (key is not null)
        {
            _answered[key] = answer;
        }

        if (fault is { Kind: FaultKind.DropAfterApplying })
        {
            Record("PUT", context, key, body, 0);
            context.Abort();
            return;
        }

        if (fault is { Kind: FaultKind.HoldAfterApplying })
        {
            Record("PUT", context, key, body, 0);
            Held.TrySetResult();
            await _release.Task;
            context.Abort();
            return;
        }

        await AnswerAsync(context, "PUT", 200, answer, key, body);
    }

    private async Task<bool> PassAsync(HttpContext context, string method, string? key, string body, string token)
    {
        if (Next(method) is { } fault && !await FailAsync(context, fault, method, key, body))
        {
            return false;
        }

        if (!Authorized(context, token))
        {
            await AnswerAsync(context, method, 401, """{"error":"Unauthorized"}""", key, body);
            return false;
        }

        return true;
    }

    /// <returns>Whether the request goes on after the fault (a slow answer does).</returns>
    private async Task<bool> FailAsync(HttpContext context, Fault fault, string method, string? key, string body)
    {
        switch (fault.Kind)
        {
            case FaultKind.ServerError:
                await AnswerAsync(context, method, 500, """{"error":"InternalError"}""", key, body);
                return false;
            case FaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = ((int)fault.Seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await AnswerAsync(context, method, 429, """{"error":"TooManyRequests"}""", key, body);
                return false;
            case FaultKind.Slow:
                await Task.Delay(TimeSpan.FromSeconds(fault.Seconds));
                Record(method, context, key, body, 0);
                context.Abort();
                return false;
            case FaultKind.Reset:
                Record(method, context, key, body, 0);
                context.Abort();
                return false;
            default:
                return true;
        }
    }

    private Fault? Next(string method)
    {
        lock (_gate)
        {
            if (_faults.TryPeek(out var fault) && fault.Method == method)
            {
                _faults.TryDequeue(out _);
                return fault;
            }

            if (_random is not null)
            {
                var chosen = _random.NextDouble() < _share ? _kinds[_random.Next(_kinds.Length)] with { Method = method } : null;
                var name = chosen?.Kind.ToString() ?? "none";
                FaultCounts[name] = FaultCounts.GetValueOrDefault(name) + 1;
                return chosen;
            }

            return null;
        }
    }

    private static bool Authorized(HttpContext context, string token) =>
        context.Request.Headers.Authorization.FirstOrDefault() == "Bearer " + token;

    private async Task AnswerAsync(HttpContext context, string method, int status, string json, string? key, string body)
    {
        Record(method, context, key, body, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private void Record(string method, HttpContext context, string? key, string body, int status)
    {
        lock (_gate)
        {
            Requests.Add(new Request(DateTimeOffset.UtcNow, method, context.Request.Path, key, context.Request.Headers.Authorization.FirstOrDefault(), body, status));
        }
    }

    private static int Rank(string? priority) => priority switch { "low" => 0, "normal" => 1, "high" => 2, "urgent" => 3, _ => -1 };

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
