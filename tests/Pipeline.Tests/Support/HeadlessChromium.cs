using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket): open a page, read what the page
/// says through JavaScript, collect console errors and exceptions, take a full-page screenshot. test.sh installs
/// the browser when it is missing; without it a test is ignored locally and fails under CI=true.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _reader;
    private string? _session;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and failed loads reported by the page, in order.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("PIPELINE_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = Executable;
        if (executable is null)
        {
            const string message = "Chromium is not installed: run the tests with ./test.sh, which installs Debian's chromium.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        var profile = Path.Combine(Path.GetTempPath(), "pipeline-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--no-first-run", "--disable-sync", "--disable-quic", "--remote-debugging-port=0", "--window-size=1200,900",
                     "--user-data-dir=" + profile, "about:blank",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        using var timeout = new CancellationTokenSource(HangGuard.Limit);
        string? endpoint = null;
        while (endpoint is null)
        {
            var line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("Chromium exited before it opened its DevTools port.");
            var match = DevToolsLine().Match(line);
            endpoint = match.Success ? match.Groups[1].Value : null;
        }

        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await browser._socket.ConnectAsync(new Uri(endpoint), timeout.Token);
        browser._reader = Task.Run(browser.ReadLoopAsync);
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        browser._session = attached["sessionId"]!.GetValue<string>();
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Runtime.enable");
        await browser.SendAsync("Log.enable");
        return browser;
    }

    /// <summary>Opens the page and waits for its load event (every image decoded or failed).</summary>
    public async Task OpenAsync(string url)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await _loaded.Task.WaitAsync(HangGuard.Limit);
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (as JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("The page's script failed: " + exception.ToJsonString());
        }

        return result["result"]?["value"];
    }

    /// <summary>A PNG of the whole page, however long.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var size = metrics["cssContentSize"] ?? metrics["contentSize"]!;
        var clip = new JsonObject
        {
            ["x"] = 0, ["y"] = 0, ["scale"] = 1,
            ["width"] = Math.Ceiling(size["width"]!.GetValue<double>()),
            ["height"] = Math.Ceiling(size["height"]!.GetValue<double>()),
        };
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[id] = done;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (_session is not null && !method.StartsWith("Target.", StringComparison.Ordinal))
        {
            message["sessionId"] = _session;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await done.Task.WaitAsync(HangGuard.Limit);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                Dispatch(node);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        lock (_gate)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The DevTools connection closed."));
            }
        }
    }

    private void Dispatch(JsonNode node)
    {
        if (node["id"] is { } idNode)
        {
            TaskCompletionSource<JsonNode>? pending;
            lock (_gate)
            {
                _pending.Remove(idNode.GetValue<int>(), out pending);
            }

            if (node["error"] is { } error)
            {
                pending?.TrySetException(new InvalidOperationException("DevTools: " + error.ToJsonString()));
            }
            else
            {
                pending?.TrySetResult(node["result"] ?? new JsonObject());
            }

            return;
        }

        var parameters = node["params"] ?? new JsonObject();
        var method = node["method"]?.GetValue<string>();
        if (method == "Page.loadEventFired")
        {
            _loaded.TrySetResult();
        }
        else if (method == "Runtime.consoleAPICalled" && parameters["type"]?.GetValue<string>() is "error" or "assert")
        {
            AddError("console." + parameters["type"] + ": " + string.Join(" ", (parameters["args"] as JsonArray ?? []).Select(Describe)));
        }
        else if (method == "Runtime.exceptionThrown")
        {
            var details = parameters["exceptionDetails"];
            AddError("exception: " + Describe(details is null ? null : details["exception"]) + " " + (details is null ? null : details["text"]));
        }
        else if (method == "Log.entryAdded" && parameters["entry"] is { } entry && entry["level"]?.GetValue<string>() == "error")
        {
            AddError("log: " + entry["text"] + " " + entry["url"]);
        }
    }

    private static string? Describe(JsonNode? value) => value is null ? null : (value["value"] ?? value["description"])?.ToString();

    private void AddError(string error)
    {
        lock (_gate)
        {
            _errors.Add(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
