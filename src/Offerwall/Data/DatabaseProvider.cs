namespace Offerwall.Data;

public enum DatabaseProvider { Sqlite, Postgres }
