namespace Offerwall.Data;

/// <summary>Section "Database": which engine, and where. Env: Database__Provider, Database__ConnectionString, Database__ReadConnectionString.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "Data Source=offerwall.db";

    /// <summary>PostgreSQL only: a streaming replica for the Data API and the dashboard's reads. Empty: all on the primary.</summary>
    public string ReadConnectionString { get; set; } = "";

    /// <summary>
    /// PostgreSQL only: new conversions arriving at the same moment are written in one round trip and one commit, each answered after
    /// it (Conversions/GroupCommit.cs). False: each alone.
    /// </summary>
    public bool GroupCommit { get; set; } = true;
}
