using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecurityControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_demo",
                table: "partners",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "previous_app_token",
                table: "partners",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "previous_app_token_until",
                table: "partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_postback_secret",
                table: "partners",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "previous_postback_secret_until",
                table: "partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_server_key_hash",
                table: "partners",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "previous_server_key_until",
                table: "partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ip_only_auth",
                table: "advertisers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "previous_secret",
                table: "advertisers",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "previous_secret_until",
                table: "advertisers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_postback_deliveries_leased_by_partner",
                table: "postback_deliveries",
                column: "partner_id",
                filter: "lease_until IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_postback_deliveries_pending_by_partner",
                table: "postback_deliveries",
                columns: new[] { "partner_id", "next_attempt_at", "id" },
                filter: "status = 0");

            migrationBuilder.CreateIndex(
                name: "ix_partners_previous_app_token",
                table: "partners",
                column: "previous_app_token");

            migrationBuilder.CreateIndex(
                name: "ix_partners_previous_server_key_hash",
                table: "partners",
                column: "previous_server_key_hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_postback_deliveries_leased_by_partner",
                table: "postback_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_postback_deliveries_pending_by_partner",
                table: "postback_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_partners_previous_app_token",
                table: "partners");

            migrationBuilder.DropIndex(
                name: "ix_partners_previous_server_key_hash",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "is_demo",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "previous_app_token",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "previous_app_token_until",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "previous_postback_secret",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "previous_postback_secret_until",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "previous_server_key_hash",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "previous_server_key_until",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "ip_only_auth",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "previous_secret",
                table: "advertisers");

            migrationBuilder.DropColumn(
                name: "previous_secret_until",
                table: "advertisers");
        }
    }
}
