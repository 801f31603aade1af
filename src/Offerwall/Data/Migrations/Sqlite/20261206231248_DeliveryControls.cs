using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeliveryControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "cap_daily_budget",
                table: "offers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cap_daily_conversions",
                table: "offers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "cap_time_zone",
                table: "offers",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "America/New_York");

            migrationBuilder.AddColumn<long>(
                name: "cap_total_budget",
                table: "offers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cap_total_conversions",
                table: "offers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ends_at",
                table: "offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "excluded_countries",
                table: "offers",
                type: "TEXT",
                maxLength: 2048,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "max_os_version",
                table: "offers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "min_os_version",
                table: "offers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "over_cap",
                table: "offers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "paused",
                table: "offers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "starts_at",
                table: "offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "country",
                table: "ledger",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "platform",
                table: "ledger",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "cap_daily_budget",
                table: "goals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cap_daily_conversions",
                table: "goals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "cap_total_budget",
                table: "goals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cap_total_conversions",
                table: "goals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "cap_day",
                table: "conversions",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "country",
                table: "conversions",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "platform",
                table: "conversions",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "country",
                table: "clicks",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "platform",
                table: "clicks",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "cap_counters",
                columns: table => new
                {
                    offer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    goal_id = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    conversions = table.Column<int>(type: "INTEGER", nullable: false),
                    spend = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cap_counters", x => new { x.offer_id, x.goal_id, x.day });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cap_counters");

            migrationBuilder.DropColumn(
                name: "cap_daily_budget",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "cap_daily_conversions",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "cap_time_zone",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "cap_total_budget",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "cap_total_conversions",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "ends_at",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "excluded_countries",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "max_os_version",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "min_os_version",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "over_cap",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "paused",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "starts_at",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "country",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "platform",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "cap_daily_budget",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "cap_daily_conversions",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "cap_total_budget",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "cap_total_conversions",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "cap_day",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "country",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "platform",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "country",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "platform",
                table: "clicks");
        }
    }
}
