namespace Offerwall.Data;

/// <summary>Section "Database": which engine, and where. Env: Database__Provider, Database__ConnectionString.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "Data Source=offerwall.db";
}
