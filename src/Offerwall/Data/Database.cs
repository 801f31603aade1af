using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Offerwall.Data;

public static class Database
{
    public static TBuilder Configure<TBuilder>(TBuilder builder, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString),
            DatabaseProvider.Postgres => builder.UseNpgsql(Tuned(connectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        builder.UseSnakeCaseNamingConvention();
        builder.AddInterceptors(CatalogChangesInterceptor.Instance);
        return builder;
    }

    /// <summary>Statements Npgsql keeps prepared per connection unless the connection string says otherwise (<see cref="Tuned"/>).</summary>
    public const int AutoPrepared = 20;

    /// <summary>
    /// The operator's PostgreSQL connection string with two settings added unless the string sets them (docs/performance.md):
    /// <list type="bullet">
    /// <item>No Reset On Close: the server keeps no state in a session (SET LOCAL and transaction advisory locks end with their
    /// transaction), so the DISCARD ALL that Npgsql sends each time a pooled connection is reopened is not needed.</item>
    /// <item>Max Auto Prepare (<see cref="AutoPrepared"/> statements per connection): Npgsql prepares a statement once a connection has run
    /// it five times, so PostgreSQL stops parsing and planning it on every call; the long conversion statement costs the database
    /// mostly that. It deadlocked capped offers until their counters were locked in key order (Conversions/NewConversionStatement.cs).
    /// Behind PgBouncer older than 1.21 (or without max_prepared_statements) the operator sets Max Auto Prepare=0.</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) tuned.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) tuned.MaxAutoPrepare = AutoPrepared;
        return tuned.ConnectionString;
    }

    /// <summary>Registers the engine's context and exposes it to handlers as <see cref="OfferwallDb"/>.</summary>
    public static IServiceCollection AddOfferwallDatabase(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<DatabaseOptions>().Bind(config.GetSection("Database"))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Database:ConnectionString is required.")
            .Validate(o => o.Provider == DatabaseProvider.Postgres || string.IsNullOrWhiteSpace(o.ReadConnectionString),
                "Database:ReadConnectionString is for PostgreSQL only.")
            .ValidateOnStart();
        var options = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(sp => new ReadReplica(options, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<ReadDatabase>();
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<PostgresOfferwallDb>((_, b) => Configure(b, options.Provider, options.ConnectionString));
            services.AddScoped<OfferwallDb>(sp => sp.GetRequiredService<PostgresOfferwallDb>());
            services.AddHostedService<LedgerMonthsWorker>();
        }
        else
        {
            services.AddDbContextPool<SqliteOfferwallDb>((_, b) => Configure(b, options.Provider, options.ConnectionString));
            services.AddScoped<OfferwallDb>(sp => sp.GetRequiredService<SqliteOfferwallDb>());
        }
        return services;
    }

    /// <summary>Creates the database if needed and applies every migration not yet applied.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
        if (db.Database.IsSqlite())
        {
            // WAL lets the Data API read while postbacks write.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        // No time limit: copying a large ledger into its monthly partitions (PartitionedLedger) takes minutes.
        db.Database.SetCommandTimeout(0);
        await db.Database.MigrateAsync(ct);
        // PostgreSQL: this month's and the coming months' ledger partitions, before the server takes a payment (LedgerMonthsWorker
        // then keeps them coming). Making a month while its rows are being written would make those writes try again.
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        await LedgerPartitions.EnsureAheadAsync(db, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Engine and place, without credentials: "SQLite /path/offerwall.db" or "PostgreSQL host:port/db".</summary>
    public static string Describe(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.Provider == DatabaseProvider.Sqlite)
            return "SQLite " + Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource);
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}";
    }

}
