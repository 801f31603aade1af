using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MmpIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "mmp_events",
                table: "goals",
                type: "TEXT",
                maxLength: 2048,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "advertisers",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "intake_profile",
                table: "advertisers",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "mmp_auth",
                table: "advertisers",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "previous_token_hash",
                table: "advertisers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "previous_token_until",
                table: "advertisers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "token_hash",
                table: "advertisers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "currency_rates",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    usd_per_unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_currency_rates", x => x.code);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "currency_rates");

            migrationBuilder.DropColumn(
                name: "mmp_events",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "intake_profile",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "mmp_auth",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "previous_token_hash",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "previous_token_until",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "token_hash",
                table: "advertisers");
        }
    }
}
