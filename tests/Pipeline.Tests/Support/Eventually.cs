namespace Pipeline.Tests.Support;

/// <summary>Waits for a condition a running process brings about: no deadline but the hang guard's, whatever the machine's load.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> whatWasSeen, Func<bool>? gaveUp = null)
    {
        var deadline = DateTime.UtcNow + HangGuard.Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || gaveUp?.Invoke() == true)
            {
                Assert.Fail($"{(gaveUp?.Invoke() == true ? "The process exited" : $"Still not so after {HangGuard.Limit.TotalMinutes} minutes (hung)")}: {whatWasSeen()}");
            }

            await Task.Delay(250);
        }
    }
}
