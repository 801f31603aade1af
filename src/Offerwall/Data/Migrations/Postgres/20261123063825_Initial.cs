using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Offerwall.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "advertisers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    secret = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    allowed_ips = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_advertisers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "partners",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    currency_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    currency_ratio = table.Column<long>(type: "bigint", nullable: false),
                    revenue_share = table.Column<long>(type: "bigint", nullable: false),
                    server_key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    server_key_hint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    app_token = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    postback_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    postback_secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    stateful_postbacks = table.Column<bool>(type: "boolean", nullable: false),
                    surveys_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    block_vpn = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partners", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "offers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    public_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    advertiser_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    requirements = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    icon_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    contact_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    disclaimer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    confirmation_time = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    things_to_know = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    categories = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    is_game = table.Column<bool>(type: "boolean", nullable: false),
                    product_id = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    product_name = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    tracking_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    countries = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    platforms = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    time_limit_hours = table.Column<int>(type: "integer", nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_offers_advertisers_advertiser_id",
                        column: x => x.advertiser_id,
                        principalTable: "advertisers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    external_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    external_id_key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_users_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "goals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    offer_id = table.Column<long>(type: "bigint", nullable: false),
                    public_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payout = table.Column<long>(type: "bigint", nullable: false),
                    reward = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    display_type = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<int>(type: "integer", nullable: false),
                    commission_amount = table.Column<long>(type: "bigint", nullable: true),
                    time_played_unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    time_played_count = table.Column<int>(type: "integer", nullable: true),
                    hold_hours = table.Column<int>(type: "integer", nullable: false),
                    time_limit_hours = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_goals", x => x.id);
                    table.ForeignKey(
                        name: "fk_goals_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "promotions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    offer_id = table.Column<long>(type: "bigint", nullable: true),
                    partner_id = table.Column<long>(type: "bigint", nullable: true),
                    multiplier = table.Column<long>(type: "bigint", nullable: false),
                    bonus = table.Column<long>(type: "bigint", nullable: false),
                    starts_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promotions", x => x.id);
                    table.ForeignKey(
                        name: "fk_promotions_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_promotions_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "clicks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tx_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    offer_id = table.Column<long>(type: "bigint", nullable: false),
                    ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clicks", x => x.id);
                    table.ForeignKey(
                        name: "fk_clicks_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_clicks_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_clicks_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "conversions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    click_id = table.Column<long>(type: "bigint", nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    offer_id = table.Column<long>(type: "bigint", nullable: false),
                    goal_id = table.Column<long>(type: "bigint", nullable: false),
                    advertiser_event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    survey_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reward = table.Column<long>(type: "bigint", nullable: false),
                    reward_local = table.Column<long>(type: "bigint", nullable: false),
                    payout = table.Column<long>(type: "bigint", nullable: false),
                    advertiser_payout = table.Column<long>(type: "bigint", nullable: false),
                    promotion_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    hold_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversions", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversions_clicks_click_id",
                        column: x => x.click_id,
                        principalTable: "clicks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_conversions_goals_goal_id",
                        column: x => x.goal_id,
                        principalTable: "goals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "conversion_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    conversion_id = table.Column<long>(type: "bigint", nullable: false),
                    from_status = table.Column<int>(type: "integer", nullable: true),
                    to_status = table.Column<int>(type: "integer", nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversion_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversion_changes_conversions_conversion_id",
                        column: x => x.conversion_id,
                        principalTable: "conversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    transaction_id = table.Column<long>(type: "bigint", nullable: false),
                    reverse = table.Column<bool>(type: "boolean", nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    user_external_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    offer_public_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    offer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    goal_public_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reward = table.Column<long>(type: "bigint", nullable: false),
                    reward_local = table.Column<long>(type: "bigint", nullable: false),
                    payout = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    survey_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger", x => x.id);
                    table.ForeignKey(
                        name: "fk_ledger_conversions_transaction_id",
                        column: x => x.transaction_id,
                        principalTable: "conversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "postback_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    conversion_id = table.Column<long>(type: "bigint", nullable: false),
                    ledger_entry_id = table.Column<long>(type: "bigint", nullable: true),
                    reverse = table.Column<bool>(type: "boolean", nullable: false),
                    @event = table.Column<string>(name: "event", type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lease_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_postback_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_postback_deliveries_conversions_conversion_id",
                        column: x => x.conversion_id,
                        principalTable: "conversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_postback_deliveries_ledger_ledger_entry_id",
                        column: x => x.ledger_entry_id,
                        principalTable: "ledger",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_postback_deliveries_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "postback_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    delivery_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    response = table.Column<string>(type: "character varying(1100)", maxLength: 1100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_postback_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_postback_attempts_postback_deliveries_delivery_id",
                        column: x => x.delivery_id,
                        principalTable: "postback_deliveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clicks_offer_id",
                table: "clicks",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "ix_clicks_partner_id",
                table: "clicks",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_clicks_tx_id",
                table: "clicks",
                column: "tx_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_clicks_user_id_offer_id",
                table: "clicks",
                columns: new[] { "user_id", "offer_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversion_changes_conversion_id",
                table: "conversion_changes",
                column: "conversion_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversions_click_id_goal_id_advertiser_event_id",
                table: "conversions",
                columns: new[] { "click_id", "goal_id", "advertiser_event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversions_goal_id",
                table: "conversions",
                column: "goal_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversions_status_hold_until",
                table: "conversions",
                columns: new[] { "status", "hold_until" });

            migrationBuilder.CreateIndex(
                name: "ix_conversions_user_id_offer_id",
                table: "conversions",
                columns: new[] { "user_id", "offer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_goals_offer_id_position",
                table: "goals",
                columns: new[] { "offer_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_goals_public_id",
                table: "goals",
                column: "public_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_goals_uuid",
                table: "goals",
                column: "uuid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_partner_id_occurred_at_transaction_id_reverse",
                table: "ledger",
                columns: new[] { "partner_id", "occurred_at", "transaction_id", "reverse" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_transaction_id_reverse",
                table: "ledger",
                columns: new[] { "transaction_id", "reverse" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_user_id_occurred_at_transaction_id_reverse",
                table: "ledger",
                columns: new[] { "user_id", "occurred_at", "transaction_id", "reverse" });

            migrationBuilder.CreateIndex(
                name: "ix_offers_advertiser_id",
                table: "offers",
                column: "advertiser_id");

            migrationBuilder.CreateIndex(
                name: "ix_offers_public_id",
                table: "offers",
                column: "public_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_partners_app_token",
                table: "partners",
                column: "app_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_partners_server_key_hash",
                table: "partners",
                column: "server_key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_postback_attempts_delivery_id",
                table: "postback_attempts",
                column: "delivery_id");

            migrationBuilder.CreateIndex(
                name: "ix_postback_deliveries_conversion_id",
                table: "postback_deliveries",
                column: "conversion_id");

            migrationBuilder.CreateIndex(
                name: "ix_postback_deliveries_ledger_entry_id",
                table: "postback_deliveries",
                column: "ledger_entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_postback_deliveries_partner_id_created_at",
                table: "postback_deliveries",
                columns: new[] { "partner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_postback_deliveries_status_next_attempt_at",
                table: "postback_deliveries",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_promotions_offer_id",
                table: "promotions",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "ix_promotions_partner_id",
                table: "promotions",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_promotions_starts_at_ends_at",
                table: "promotions",
                columns: new[] { "starts_at", "ends_at" });

            migrationBuilder.CreateIndex(
                name: "ix_users_partner_id_external_id_key",
                table: "users",
                columns: new[] { "partner_id", "external_id_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "conversion_changes");

            migrationBuilder.DropTable(
                name: "postback_attempts");

            migrationBuilder.DropTable(
                name: "promotions");

            migrationBuilder.DropTable(
                name: "postback_deliveries");

            migrationBuilder.DropTable(
                name: "ledger");

            migrationBuilder.DropTable(
                name: "conversions");

            migrationBuilder.DropTable(
                name: "clicks");

            migrationBuilder.DropTable(
                name: "goals");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "offers");

            migrationBuilder.DropTable(
                name: "partners");

            migrationBuilder.DropTable(
                name: "advertisers");
        }
    }
}
