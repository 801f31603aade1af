using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>The production engine. Its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresOfferwallDb(DbContextOptions<PostgresOfferwallDb> options) : OfferwallDb(options);
