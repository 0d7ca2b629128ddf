using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JobItemProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "items_done",
                table: "job",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "items_total",
                table: "job",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "items_unit",
                table: "job",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "items_done",
                table: "job");

            migrationBuilder.DropColumn(
                name: "items_total",
                table: "job");

            migrationBuilder.DropColumn(
                name: "items_unit",
                table: "job");
        }
    }
}
