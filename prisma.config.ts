// Prisma 7 reads the datasource URL from here, not from schema.prisma. Weft itself never uses this URL:
// lib/db.ts builds its own adapter (PGlite, or PostgreSQL when DATABASE_URL is set). It is here for Prisma's
// own tooling (studio, or migrate on a machine where the schema engine is available).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
