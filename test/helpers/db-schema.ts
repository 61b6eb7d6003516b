// Checks that the hand-written migration SQL builds exactly the database prisma/schema.prisma describes:
// the schema file is read (a small parser for the subset we use) and turned into the tables, columns,
// enums, indexes and foreign keys Prisma would create; the migrated database is read from the catalog.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationSession } from '@/lib/db/migrate';

export interface ColumnShape {
  type: string;
  nullable: boolean;
  /** The default as a plain value: 'CURRENT_TIMESTAMP', a literal without quotes or cast, or null. */
  default: string | null;
}

export interface DatabaseShape {
  enums: Record<string, string[]>;
  tables: Record<string, Record<string, ColumnShape>>;
  /** index name -> "table(col, col) unique?" */
  indexes: Record<string, string>;
  /** constraint name -> "table(col) -> table(col) on delete X on update Y" */
  foreignKeys: Record<string, string>;
}

interface ParsedField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
}

const SCALAR_SQL: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  Json: 'jsonb',
  DateTime: 'timestamp(3)',
  Decimal: 'numeric(65,30)',
};

const REFERENTIAL_ACTION: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function blocks(schema: string, keyword: 'model' | 'enum'): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const pattern = new RegExp(`^${keyword}\\s+(\\w+)\\s*\\{([\\s\\S]*?)^\\}`, 'gm');
  for (const match of schema.matchAll(pattern)) {
    const lines = match[2]!
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim())
      .filter((line) => line.length > 0);
    result.set(match[1]!, lines);
  }
  return result;
}

function fieldList(attribute: string): string[] {
  const inner = /\[([^\]]*)\]/.exec(attribute)?.[1] ?? '';
  return inner.split(',').map((name) => name.trim()).filter(Boolean);
}

/** The database default Prisma writes for a field's @default(...); client-side ones (cuid, uuid) have none. */
function schemaDefault(attributes: string): string | null {
  const value = /@default\((.*?)\)(\s|$)/.exec(attributes)?.[1];
  if (value === undefined || /^(cuid|uuid|nanoid|ulid)\(/.test(value)) return null;
  if (value === 'now()') return 'CURRENT_TIMESTAMP';
  if (value.startsWith('"')) return JSON.parse(value) as string;
  return value; // a number, boolean or enum value
}

/** A catalog default ('x'::text, 'open'::"Status", 1, CURRENT_TIMESTAMP) as a plain value. */
function catalogDefault(value: string | null): string | null {
  if (value === null) return null;
  const literal = /^'((?:[^']|'')*)'::.+$/.exec(value);
  return literal ? literal[1]!.replace(/''/g, "'") : value;
}

/** The database Prisma would create for the schema file. */
export function expectedShape(schemaPath = path.join(process.cwd(), 'prisma', 'schema.prisma')): DatabaseShape {
  const schema = readFileSync(schemaPath, 'utf8');
  const enums = Object.fromEntries([...blocks(schema, 'enum')].map(([name, lines]) => [name, lines]));
  const models = blocks(schema, 'model');
  const shape: DatabaseShape = { enums, tables: {}, indexes: {}, foreignKeys: {} };

  for (const [model, lines] of models) {
    const fields: ParsedField[] = [];
    const columns: Record<string, ColumnShape> = {};
    for (const line of lines) {
      if (line.startsWith('@@')) continue;
      const match = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
      if (!match) throw new Error(`Cannot parse field line in model ${model}: ${line}`);
      fields.push({ name: match[1]!, type: match[2]!, optional: match[3] === '?', list: match[3] === '[]', attributes: match[4]! });
    }
    for (const field of fields) {
      const isEnum = field.type in enums;
      const isRelation = !isEnum && !(field.type in SCALAR_SQL);
      if (isRelation) {
        const relation = /@relation\(([^)]*)\)/.exec(field.attributes)?.[1];
        if (!relation || field.list) continue; // the back-relation side has no column
        const from = fieldList(/fields:\s*(\[[^\]]*\])/.exec(relation)![1]!);
        const to = fieldList(/references:\s*(\[[^\]]*\])/.exec(relation)![1]!);
        const onDelete = /onDelete:\s*(\w+)/.exec(relation)?.[1] ?? (field.optional ? 'SetNull' : 'Restrict');
        const onUpdate = /onUpdate:\s*(\w+)/.exec(relation)?.[1] ?? 'Cascade';
        shape.foreignKeys[`${model}_${from.join('_')}_fkey`] =
          `${model}(${from.join(', ')}) -> ${field.type}(${to.join(', ')}) on delete ${REFERENTIAL_ACTION[onDelete]} on update ${REFERENTIAL_ACTION[onUpdate]}`;
        continue;
      }
      let type = isEnum ? field.type : SCALAR_SQL[field.type]!;
      if (/@db\.Date\b/.test(field.attributes)) type = 'date';
      columns[field.name] = { type, nullable: field.optional, default: schemaDefault(field.attributes) };
      if (/@id\b/.test(field.attributes)) shape.indexes[`${model}_pkey`] = `${model}(${field.name}) unique`;
      if (/@unique\b/.test(field.attributes)) shape.indexes[`${model}_${field.name}_key`] = `${model}(${field.name}) unique`;
    }
    for (const line of lines.filter((candidate) => candidate.startsWith('@@'))) {
      const names = fieldList(line);
      if (line.startsWith('@@unique')) shape.indexes[`${model}_${names.join('_')}_key`] = `${model}(${names.join(', ')}) unique`;
      else if (line.startsWith('@@index')) shape.indexes[`${model}_${names.join('_')}_idx`] = `${model}(${names.join(', ')})`;
      else if (line.startsWith('@@id')) shape.indexes[`${model}_pkey`] = `${model}(${names.join(', ')}) unique`;
      else throw new Error(`Unsupported block attribute in ${model}: ${line}`);
    }
    shape.tables[model] = columns;
  }
  return shape;
}

/** The database as it is, read from the catalog (public schema, without Prisma's bookkeeping table). */
export async function actualShape(session: MigrationSession): Promise<DatabaseShape> {
  const shape: DatabaseShape = { enums: {}, tables: {}, indexes: {}, foreignKeys: {} };
  const enumRows = await session.query<{ name: string; label: string }>(
    `SELECT t.typname AS name, e.enumlabel AS label FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
     JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`,
  );
  for (const row of enumRows) (shape.enums[row.name] ??= []).push(row.label);

  const columnRows = await session.query<{ table_name: string; column_name: string; type: string; is_nullable: string; column_default: string | null }>(
    `SELECT c.table_name, c.column_name, c.is_nullable, c.column_default,
            CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name
                 WHEN c.data_type = 'timestamp without time zone' THEN 'timestamp(' || c.datetime_precision || ')'
                 WHEN c.data_type = 'numeric' THEN 'numeric(' || c.numeric_precision || ',' || c.numeric_scale || ')'
                 ELSE c.data_type END AS type
     FROM information_schema.columns c
     WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const row of columnRows) {
    (shape.tables[row.table_name] ??= {})[row.column_name] = {
      type: row.type,
      nullable: row.is_nullable === 'YES',
      default: catalogDefault(row.column_default),
    };
  }

  const indexRows = await session.query<{ name: string; table_name: string; columns: string; is_unique: boolean }>(
    `SELECT i.relname AS name, t.relname AS table_name, ix.indisunique AS is_unique,
            (SELECT string_agg(a.attname, ', ' ORDER BY k.ordinality)
               FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ordinality)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
     FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
  );
  for (const row of indexRows) shape.indexes[row.name] = `${row.table_name}(${row.columns})${row.is_unique ? ' unique' : ''}`;

  const fkRows = await session.query<{ name: string; description: string }>(
    `SELECT con.conname AS name,
            src.relname || '(' || (SELECT string_agg(a.attname, ', ' ORDER BY k.o) FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) || ') -> ' ||
            dst.relname || '(' || (SELECT string_agg(a.attname, ', ' ORDER BY k.o) FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) || ')' ||
            ' on delete ' || rc.delete_rule || ' on update ' || rc.update_rule AS description
     FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = con.connamespace
     JOIN information_schema.referential_constraints rc ON rc.constraint_name = con.conname AND rc.constraint_schema = n.nspname
     WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const row of fkRows) shape.foreignKeys[row.name] = row.description;
  return shape;
}
