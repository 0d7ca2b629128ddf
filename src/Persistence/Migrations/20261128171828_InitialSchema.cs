using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "model_repo",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    repo_id = table.Column<string>(type: "character varying(193)", maxLength: 193, nullable: false),
                    repo_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    default_revision = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    last_synced_commit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    last_synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_repo", x => x.id);
                    table.CheckConstraint("ck_model_repo_status", "status IN ('registered', 'syncing', 'synced', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "model_artifact",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_repo_id = table.Column<Guid>(type: "uuid", nullable: false),
                    commit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    git_blob_oid = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    lfs_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    local_path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    downloaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_artifact", x => x.id);
                    table.CheckConstraint("ck_model_artifact_status", "status IN ('not_downloaded', 'downloading', 'completed', 'failed', 'missing', 'corrupt')");
                    table.ForeignKey(
                        name: "fk_model_artifact_model_repo_model_repo_id",
                        column: x => x.model_repo_id,
                        principalTable: "model_repo",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "job",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    model_repo_id = table.Column<Guid>(type: "uuid", nullable: true),
                    model_artifact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    bytes_done = table.Column<long>(type: "bigint", nullable: false),
                    bytes_total = table.Column<long>(type: "bigint", nullable: true),
                    progress_reports = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job", x => x.correlation_id);
                    table.CheckConstraint("ck_job_kind", "kind IN ('sync', 'download', 'scan')");
                    table.ForeignKey(
                        name: "fk_job_model_artifact_model_artifact_id",
                        column: x => x.model_artifact_id,
                        principalTable: "model_artifact",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_job_repositories_model_repo_id",
                        column: x => x.model_repo_id,
                        principalTable: "model_repo",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_job_created_at",
                table: "job",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_job_current_state_created_at",
                table: "job",
                columns: new[] { "current_state", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_job_model_artifact_id",
                table: "job",
                column: "model_artifact_id");

            migrationBuilder.CreateIndex(
                name: "ix_job_model_repo_id",
                table: "job",
                column: "model_repo_id");

            migrationBuilder.CreateIndex(
                name: "ix_model_artifact_content_hash",
                table: "model_artifact",
                column: "content_hash");

            migrationBuilder.CreateIndex(
                name: "ix_model_artifact_model_repo_id_commit_path",
                table: "model_artifact",
                columns: new[] { "model_repo_id", "commit", "path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_artifact_status",
                table: "model_artifact",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_model_repo_repo_id",
                table: "model_repo",
                column: "repo_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_repo_status",
                table: "model_repo",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job");

            migrationBuilder.DropTable(
                name: "model_artifact");

            migrationBuilder.DropTable(
                name: "model_repo");
        }
    }
}
