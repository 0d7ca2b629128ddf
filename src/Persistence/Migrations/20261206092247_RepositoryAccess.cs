using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Persistence.Migrations
{
    /// <summary>
    /// Who may read a repository is recorded with it (learned at sync, or set by an admin). Existing rows start
    /// <c>unknown</c>: their next sync learns the upstream's answer.
    /// </summary>
    public partial class RepositoryAccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "access",
                table: "model_repo",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "unknown");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "access_checked_at",
                table: "model_repo",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "access_set_by_admin",
                table: "model_repo",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_model_repo_access",
                table: "model_repo",
                sql: "access IN ('unknown', 'public', 'gated', 'private')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_model_repo_access",
                table: "model_repo");

            migrationBuilder.DropColumn(
                name: "access",
                table: "model_repo");

            migrationBuilder.DropColumn(
                name: "access_checked_at",
                table: "model_repo");

            migrationBuilder.DropColumn(
                name: "access_set_by_admin",
                table: "model_repo");
        }
    }
}
