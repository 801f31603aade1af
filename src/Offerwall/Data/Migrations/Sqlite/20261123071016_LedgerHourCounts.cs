using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerHourCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_count_coverage",
                columns: table => new
                {
                    partner_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    from = table.Column<DateTime>(type: "TEXT", nullable: false),
                    to = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_count_coverage", x => x.partner_id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_hour_counts",
                columns: table => new
                {
                    partner_id = table.Column<long>(type: "INTEGER", nullable: false),
                    hour = table.Column<DateTime>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    reverse = table.Column<bool>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_hour_counts", x => new { x.partner_id, x.hour, x.kind, x.reverse });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ledger_count_coverage");

            migrationBuilder.DropTable(
                name: "ledger_hour_counts");
        }
    }
}
