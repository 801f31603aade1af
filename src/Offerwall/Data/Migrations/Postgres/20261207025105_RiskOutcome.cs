using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Offerwall.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "risk_outcome",
                table: "conversions",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "risk_outcome",
                table: "conversions");
        }
    }
}
