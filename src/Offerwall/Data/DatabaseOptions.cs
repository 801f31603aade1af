namespace Offerwall.Data;

/// <summary>Section "Database": which engine, and where. Env: Database__Provider, Database__ConnectionString, Database__ReadConnectionString.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "Data Source=offerwall.db";

    /// <summary>PostgreSQL only: a streaming replica for the Data API and the dashboard's reads. Empty: all on the primary.</summary>
    public string ReadConnectionString { get; set; } = "";
}
