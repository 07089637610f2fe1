using System.Net.Sockets;
using System.Text;

namespace Pipeline.Tests.Support;

/// <summary>
/// The receiving end of systemd's notification protocol (sd_notify): a Unix datagram socket whose path goes in the
/// service's NOTIFY_SOCKET, collecting each message ("READY=1", "WATCHDOG=1", …) as systemd would read it.
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();
    private readonly Task _receiving;

    public NotifySocket(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _receiving = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                int length;
                try
                {
                    length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                lock (_gate)
                {
                    _messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
                }
            }
        });
    }

    public string Path { get; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
