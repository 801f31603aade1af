using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_coverage",
                columns: table => new
                {
                    hour = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_coverage", x => x.hour);
                });

            migrationBuilder.CreateTable(
                name: "report_hours",
                columns: table => new
                {
                    hour = table.Column<long>(type: "INTEGER", nullable: false),
                    partner_id = table.Column<long>(type: "INTEGER", nullable: false),
                    advertiser_id = table.Column<long>(type: "INTEGER", nullable: false),
                    offer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    goal_id = table.Column<long>(type: "INTEGER", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    platform = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    clicks = table.Column<long>(type: "INTEGER", nullable: false),
                    approved = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled = table.Column<long>(type: "INTEGER", nullable: false),
                    reversals = table.Column<long>(type: "INTEGER", nullable: false),
                    revenue = table.Column<long>(type: "INTEGER", nullable: false),
                    cost = table.Column<long>(type: "INTEGER", nullable: false),
                    reward_local = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_hours", x => new { x.hour, x.partner_id, x.advertiser_id, x.offer_id, x.goal_id, x.country, x.platform });
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_occurred_at",
                table: "ledger",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_conversions_status_decided_at",
                table: "conversions",
                columns: new[] { "status", "decided_at" });

            migrationBuilder.CreateIndex(
                name: "ix_clicks_created_at",
                table: "clicks",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_report_hours_partner_id_hour",
                table: "report_hours",
                columns: new[] { "partner_id", "hour" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_coverage");

            migrationBuilder.DropTable(
                name: "report_hours");

            migrationBuilder.DropIndex(
                name: "ix_ledger_occurred_at",
                table: "ledger");

            migrationBuilder.DropIndex(
                name: "ix_conversions_status_decided_at",
                table: "conversions");

            migrationBuilder.DropIndex(
                name: "ix_clicks_created_at",
                table: "clicks");
        }
    }
}
