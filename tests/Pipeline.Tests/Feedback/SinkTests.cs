using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Feedback.Sinks;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Feedback;

public class SinkTests
{
    private static PriorityBump Bump(string ticket = "777") =>
        new(42, Outbox.Bump(Some.Interaction(), ticket), BumpStatus.Pending, 0, Outbox.At, null, null, null, null, null, null);

    [Test]
    public async Task Webhook_Post_IsSignedWithHmacSha256OfTheBody()
    {
        var key = Encoding.UTF8.GetBytes("webhook signing key 123456");
        var received = new ConcurrentQueue<(byte[] Body, string? Signature, string? Key)>();
        var (app, address) = await LoopbackServer.StartAsync(app => app.MapPost("/hooks/bumps", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            received.Enqueue((buffer.ToArray(), context.Request.Headers["X-Pipeline-Signature"].FirstOrDefault(), context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
            return Results.Accepted();
        }));
        await using var server = app;
        var sink = new WebhookSink(new HttpClient(), new WebhookSinkOptions { Url = new Uri(address, "hooks/bumps").ToString() }, key, TimeProvider.System);

        var result = await sink.DeliverAsync(Bump(), CancellationToken.None);
        var (body, signature, idempotency) = received.Single();
        using var json = JsonDocument.Parse(body);

        Assert.That((result.Outcome, result.Status, result.NewPriority), Is.EqualTo((DeliveryOutcome.Raised, (int?)202, "urgent")));
        Assert.That(signature, Is.EqualTo("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, body))));
        Assert.That(idempotency, Is.EqualTo(json.RootElement.GetProperty("idempotencyKey").GetString()));
        Assert.That(json.RootElement.GetProperty("ticketId").GetString(), Is.EqualTo("777"));
        Assert.That(json.RootElement.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "furious", "lawyer" }));
    }

    [Test]
    public async Task Webhook_ReceiverDown_IsARetryNotAnException()
    {
        var sink = new WebhookSink(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, new WebhookSinkOptions { Url = "http://127.0.0.1:1/hooks" }, [1, 2, 3], TimeProvider.System);

        var result = await sink.DeliverAsync(Bump(), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(DeliveryOutcome.Retry));
        Assert.That(result.Error, Does.StartWith("POST webhook: "));
    }

    [Test]
    public async Task JsonLines_TwoBumps_AppendsOneJsonObjectPerLine()
    {
        var path = Path.Combine(TestPaths.NewScratch("jsonl"), "out", "bumps.jsonl");
        var sink = new JsonLinesSink(path);

        await sink.DeliverAsync(Bump("1"), CancellationToken.None);
        await sink.DeliverAsync(Bump("2"), CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(path);

        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("ticketId").GetString()), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(JsonDocument.Parse(lines[0]).RootElement.GetProperty("channel").GetString(), Is.EqualTo(Channel.Email.ToName()));
    }
}
