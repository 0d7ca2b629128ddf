using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <summary>
    /// A repository is named by its id and its type: one id may be a model and a dataset. Existing rows are all
    /// models (<c>repo_type = 'model'</c>), so the new unique index and check hold for them as they are.
    /// </summary>
    public partial class RepositoryTypeKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_model_repo_repo_id",
                table: "model_repo");

            migrationBuilder.CreateIndex(
                name: "ix_model_repo_repo_id_repo_type",
                table: "model_repo",
                columns: new[] { "repo_id", "repo_type" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_model_repo_repo_type",
                table: "model_repo",
                sql: "repo_type IN ('model', 'dataset')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_model_repo_repo_id_repo_type",
                table: "model_repo");

            migrationBuilder.DropCheckConstraint(
                name: "ck_model_repo_repo_type",
                table: "model_repo");

            migrationBuilder.CreateIndex(
                name: "ix_model_repo_repo_id",
                table: "model_repo",
                column: "repo_id",
                unique: true);
        }
    }
}
