// Placeholder until the database lands: prisma generate runs once prisma/schema.prisma exists.
import { existsSync } from 'node:fs';
if (!existsSync('prisma/schema.prisma')) {
  console.log('prisma-generate: no prisma/schema.prisma yet, nothing to generate');
}
