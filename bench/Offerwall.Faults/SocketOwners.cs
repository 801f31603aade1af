using System.Collections.Concurrent;
using System.Globalization;

namespace Offerwall.Faults;

/// <summary>
/// Which server process sent a request: the client end of the TCP connection (127.0.0.1:remote port →
/// sink port) is looked up in /proc/net/tcp for its socket inode, and that inode among the file
/// descriptors of the server processes. Once per connection (they are pooled). Linux only; null elsewhere.
/// </summary>
public sealed class SocketOwners(Func<IReadOnlyCollection<int>> pids)
{
    private readonly ConcurrentDictionary<string, int?> _byConnection = new();

    public int? Find(string connectionId, int remotePort, int localPort) =>
        _byConnection.GetOrAdd(connectionId, _ => Lookup(remotePort, localPort));

    private int? Lookup(int remotePort, int localPort)
    {
        var inode = Inode(remotePort, localPort);
        if (inode is null) return null;
        var target = $"socket:[{inode}]";
        foreach (var pid in pids())
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                    if (new FileInfo(fd).LinkTarget == target) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process is gone, or a descriptor closed while we looked.
            }
        }
        return null;
    }

    private static string? Inode(int clientPort, int serverPort)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 10) continue;
                if (Port(parts[1]) == clientPort && Port(parts[2]) == serverPort && parts[9] != "0") return parts[9];
            }
        }
        return null;
    }

    private static int Port(string endpoint) =>
        int.TryParse(endpoint.AsSpan(endpoint.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) ? port : -1;
}
