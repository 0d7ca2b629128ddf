using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SyncRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "job",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "model_revision",
                columns: table => new
                {
                    model_repo_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    commit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_revision", x => new { x.model_repo_id, x.name });
                    table.ForeignKey(
                        name: "fk_model_revision_model_repo_model_repo_id",
                        column: x => x.model_repo_id,
                        principalTable: "model_repo",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_revision");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "job");
        }
    }
}
