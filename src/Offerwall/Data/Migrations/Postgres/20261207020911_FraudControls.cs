using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Offerwall.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FraudControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_clicks_partner_id",
                table: "clicks");

            migrationBuilder.AddColumn<string>(
                name: "device_key",
                table: "conversions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ip",
                table: "conversions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "review",
                table: "conversions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "review_rules",
                table: "conversions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "anonymizer",
                table: "clicks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "device_id",
                table: "clicks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "device_key",
                table: "clicks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "gaid",
                table: "clicks",
                type: "character varying(36)",
                maxLength: 36,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "idfa",
                table: "clicks",
                type: "character varying(36)",
                maxLength: 36,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "risk_findings",
                table: "clicks",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "risk_outcome",
                table: "clicks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "fraud_rule_settings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    partner_id = table.Column<long>(type: "bigint", nullable: true),
                    offer_id = table.Column<long>(type: "bigint", nullable: true),
                    rule = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    limit = table.Column<long>(type: "bigint", nullable: true),
                    outcome = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fraud_rule_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_fraud_rule_settings_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_fraud_rule_settings_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_conversions_device_key_created_at",
                table: "conversions",
                columns: new[] { "device_key", "created_at" },
                filter: "device_key <> ''");

            migrationBuilder.CreateIndex(
                name: "ix_conversions_ip_created_at",
                table: "conversions",
                columns: new[] { "ip", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_conversions_review_id",
                table: "conversions",
                columns: new[] { "review", "id" },
                filter: "review <> 0");

            migrationBuilder.CreateIndex(
                name: "ix_clicks_ip_created_at",
                table: "clicks",
                columns: new[] { "ip", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_clicks_partner_id_device_key_user_id",
                table: "clicks",
                columns: new[] { "partner_id", "device_key", "user_id" },
                filter: "device_key <> ''");

            migrationBuilder.CreateIndex(
                name: "ix_fraud_rule_settings_offer_id",
                table: "fraud_rule_settings",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "ix_fraud_rule_settings_partner_id",
                table: "fraud_rule_settings",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_fraud_rule_settings_rule_partner_id_offer_id",
                table: "fraud_rule_settings",
                columns: new[] { "rule", "partner_id", "offer_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fraud_rule_settings");

            migrationBuilder.DropIndex(
                name: "ix_conversions_device_key_created_at",
                table: "conversions");

            migrationBuilder.DropIndex(
                name: "ix_conversions_ip_created_at",
                table: "conversions");

            migrationBuilder.DropIndex(
                name: "ix_conversions_review_id",
                table: "conversions");

            migrationBuilder.DropIndex(
                name: "ix_clicks_ip_created_at",
                table: "clicks");

            migrationBuilder.DropIndex(
                name: "ix_clicks_partner_id_device_key_user_id",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "device_key",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "ip",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "review",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "review_rules",
                table: "conversions");

            migrationBuilder.DropColumn(
                name: "anonymizer",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "device_id",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "device_key",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "gaid",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "idfa",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "risk_findings",
                table: "clicks");

            migrationBuilder.DropColumn(
                name: "risk_outcome",
                table: "clicks");

            migrationBuilder.CreateIndex(
                name: "ix_clicks_partner_id",
                table: "clicks",
                column: "partner_id");
        }
    }
}
