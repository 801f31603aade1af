namespace Offerwall.Data;

/// <summary>
/// One EF compiled query (<c>EF.CompileAsyncQuery</c>) per database engine. A compiled query binds
/// to the model of the first context it runs with; SQLite and PostgreSQL have different models, and
/// the tests run both in one process, so each engine gets its own compilation of the same query.
/// </summary>
public sealed class PerEngine<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly Lazy<TQuery> _sqlite = new(compile);
    private readonly Lazy<TQuery> _postgres = new(compile);

    public TQuery For(OfferwallDb db) => db is PostgresOfferwallDb ? _postgres.Value : _sqlite.Value;
}
