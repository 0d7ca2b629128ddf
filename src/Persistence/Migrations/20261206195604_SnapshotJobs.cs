using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SnapshotJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_job_kind",
                table: "job");

            migrationBuilder.AddColumn<string>(
                name: "failed_items",
                table: "job",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "items_failed",
                table: "job",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddCheckConstraint(
                name: "ck_job_kind",
                table: "job",
                sql: "kind IN ('sync', 'download', 'scan', 'snapshot')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_job_kind",
                table: "job");

            migrationBuilder.DropColumn(
                name: "failed_items",
                table: "job");

            migrationBuilder.DropColumn(
                name: "items_failed",
                table: "job");

            migrationBuilder.AddCheckConstraint(
                name: "ck_job_kind",
                table: "job",
                sql: "kind IN ('sync', 'download', 'scan')");
        }
    }
}
