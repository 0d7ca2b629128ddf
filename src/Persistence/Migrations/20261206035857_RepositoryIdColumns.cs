using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <summary>
    /// A repository's database id is <c>repository_id</c> wherever a row points at one. Columns, indexes and
    /// foreign keys are renamed in place, so an upgrade keeps every row and checks no constraint again.
    /// </summary>
    public partial class RepositoryIdColumns : Migration
    {
        private static readonly (string Table, string OldKey, string NewKey)[] _foreignKeys =
        [
            ("job", "fk_job_repositories_model_repo_id", "fk_job_repositories_repository_id"),
            ("model_artifact", "fk_model_artifact_model_repo_model_repo_id", "fk_model_artifact_model_repo_repository_id"),
            ("model_revision", "fk_model_revision_model_repo_model_repo_id", "fk_model_revision_model_repo_repository_id"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _, _) in _foreignKeys)
            {
                migrationBuilder.RenameColumn(name: "model_repo_id", table: table, newName: "repository_id");
            }

            migrationBuilder.RenameIndex(
                name: "ix_model_artifact_model_repo_id_commit_path",
                table: "model_artifact",
                newName: "ix_model_artifact_repository_id_commit_path");

            migrationBuilder.RenameIndex(
                name: "ix_job_model_repo_id",
                table: "job",
                newName: "ix_job_repository_id");

            // EF Core has no operation that renames a foreign key; dropping and adding one would check every row again.
            foreach (var (table, oldKey, newKey) in _foreignKeys)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} RENAME CONSTRAINT {oldKey} TO {newKey};");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, oldKey, newKey) in _foreignKeys)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} RENAME CONSTRAINT {newKey} TO {oldKey};");
            }

            migrationBuilder.RenameIndex(
                name: "ix_job_repository_id",
                table: "job",
                newName: "ix_job_model_repo_id");

            migrationBuilder.RenameIndex(
                name: "ix_model_artifact_repository_id_commit_path",
                table: "model_artifact",
                newName: "ix_model_artifact_model_repo_id_commit_path");

            foreach (var (table, _, _) in _foreignKeys)
            {
                migrationBuilder.RenameColumn(name: "repository_id", table: table, newName: "model_repo_id");
            }
        }
    }
}
