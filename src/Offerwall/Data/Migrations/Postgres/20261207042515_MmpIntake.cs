using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Postgres
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
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "advertisers",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "intake_profile",
                table: "advertisers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "mmp_auth",
                table: "advertisers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "previous_token_hash",
                table: "advertisers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "previous_token_until",
                table: "advertisers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "token_hash",
                table: "advertisers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "currency_rates",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    usd_per_unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
