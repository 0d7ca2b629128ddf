using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <summary>
    /// Former names of repositories (the upstream redirects them to the current one), and an index on the lower-case
    /// id, so a mis-cased name finds its repository as the Hub finds it.
    /// </summary>
    public partial class RepositoryAliases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "model_repo_alias",
                columns: table => new
                {
                    alias_key = table.Column<string>(type: "character varying(193)", maxLength: 193, nullable: false),
                    repo_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    repository_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_repo_alias", x => new { x.alias_key, x.repo_type });
                    table.CheckConstraint("ck_model_repo_alias_repo_type", "repo_type IN ('model', 'dataset')");
                    table.ForeignKey(
                        name: "fk_model_repo_alias_model_repo_repository_id",
                        column: x => x.repository_id,
                        principalTable: "model_repo",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_model_repo_alias_repository_id",
                table: "model_repo_alias",
                column: "repository_id");

            migrationBuilder.Sql("CREATE INDEX ix_model_repo_lower_repo_id ON model_repo (lower(repo_id), repo_type);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_model_repo_lower_repo_id;");

            migrationBuilder.DropTable(
                name: "model_repo_alias");
        }
    }
}
