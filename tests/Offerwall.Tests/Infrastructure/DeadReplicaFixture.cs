using System.Net;
using System.Net.Sockets;

namespace Offerwall.Tests.Infrastructure;

/// <summary>A PostgreSQL server whose <c>Database:ReadConnectionString</c> names a closed port on 127.0.0.1: a replica that is down.</summary>
public sealed class DeadReplicaFixture : PostgresFixture
{
    private static readonly int ClosedPort = FreePort();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Database:ReadConnectionString", $"Host=127.0.0.1;Port={ClosedPort};Username=postgres;Database=offerwall")];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
