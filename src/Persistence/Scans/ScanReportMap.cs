using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelHub.Persistence.Scans;

internal sealed class ScanReportMap : IEntityTypeConfiguration<ScanReport>
{
    public void Configure(EntityTypeBuilder<ScanReport> report)
    {
        report.ToTable("scan_report");
        report.HasKey(r => r.Mode);
        report.Property(r => r.Mode).HasMaxLength(16);
        report.Property(r => r.Report).HasColumnType("jsonb").IsRequired();
    }
}
