-- CreateEnum
CREATE TYPE "SliType" AS ENUM ('good', 'bad');

-- CreateEnum
CREATE TYPE "SloWindowKind" AS ENUM ('rolling', 'calendar');

-- CreateEnum
CREATE TYPE "CalendarPeriod" AS ENUM ('month', 'quarter');

-- CreateEnum
CREATE TYPE "SloSource" AS ENUM ('ui', 'sloth', 'openslo', 'demo');

-- CreateEnum
CREATE TYPE "ActionItemStatus" AS ENUM ('open', 'in_progress', 'done', 'dropped');

-- CreateTable
CREATE TABLE "Permalink" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "stateVersion" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "fromMs" BIGINT NOT NULL,
    "toMs" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "tenant" TEXT,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "Permalink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Slo" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sliType" "SliType" NOT NULL,
    "goodQuery" TEXT,
    "badQuery" TEXT,
    "totalQuery" TEXT NOT NULL,
    "objective" DOUBLE PRECISION NOT NULL,
    "windowKind" "SloWindowKind" NOT NULL,
    "windowDays" INTEGER,
    "calendarPeriod" "CalendarPeriod",
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "owner" TEXT NOT NULL DEFAULT '',
    "labels" JSONB NOT NULL DEFAULT '{}',
    "source" "SloSource" NOT NULL DEFAULT 'ui',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Slo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueDate" DATE,
    "status" "ActionItemStatus" NOT NULL DEFAULT 'open',
    "ticketUrl" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "sloId" TEXT,
    "incidentRef" TEXT,
    "reportMonth" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSnapshot" (
    "id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "frozenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "frozenBy" TEXT,

    CONSTRAINT "ReportSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaturityInput" (
    "id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "team" TEXT NOT NULL DEFAULT '',
    "axis" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "updatedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MaturityInput_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Permalink_slug_key" ON "Permalink"("slug");

-- CreateIndex
CREATE INDEX "Permalink_createdAt_idx" ON "Permalink"("createdAt");

-- CreateIndex
CREATE INDEX "Permalink_expiresAt_idx" ON "Permalink"("expiresAt");

-- CreateIndex
CREATE INDEX "Slo_archivedAt_idx" ON "Slo"("archivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Slo_service_name_key" ON "Slo"("service", "name");

-- CreateIndex
CREATE INDEX "ActionItem_reportMonth_idx" ON "ActionItem"("reportMonth");

-- CreateIndex
CREATE INDEX "ActionItem_sloId_idx" ON "ActionItem"("sloId");

-- CreateIndex
CREATE INDEX "ActionItem_status_idx" ON "ActionItem"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ReportSnapshot_month_timeZone_key" ON "ReportSnapshot"("month", "timeZone");

-- CreateIndex
CREATE UNIQUE INDEX "MaturityInput_month_team_axis_key" ON "MaturityInput"("month", "team", "axis");

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo"("id") ON DELETE SET NULL ON UPDATE CASCADE;
