using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GitBlobOidIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_model_artifact_git_blob_oid",
                table: "model_artifact",
                column: "git_blob_oid",
                filter: "lfs_sha256 IS NULL AND content_hash IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_model_artifact_git_blob_oid",
                table: "model_artifact");
        }
    }
}
