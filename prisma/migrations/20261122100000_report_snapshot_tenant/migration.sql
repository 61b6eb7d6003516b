-- A frozen report holds what one tenant's backends answered: it belongs to that tenant ('' without tenancy).
ALTER TABLE "ReportSnapshot" ADD COLUMN "tenant" TEXT NOT NULL DEFAULT '';

-- DropIndex
DROP INDEX "ReportSnapshot_month_timeZone_key";

-- CreateIndex
CREATE UNIQUE INDEX "ReportSnapshot_month_timeZone_tenant_key" ON "ReportSnapshot"("month", "timeZone", "tenant");
