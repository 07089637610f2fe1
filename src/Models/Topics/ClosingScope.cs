namespace Pipeline.Models.Topics;

/// <summary>A scope that runs its closing action once, at the first <see cref="Dispose"/>; none for <c>null</c>.</summary>
internal sealed class ClosingScope(Action? close) : IDisposable
{
    private Action? _close = close;

    public void Dispose() => Interlocked.Exchange(ref _close, null)?.Invoke();
}
