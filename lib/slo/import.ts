// Import: YAML text (pasted or uploaded) -> SLO definitions. One paste may hold several documents (`---`) or a
// list of them; each is a Sloth spec or an OpenSLO document. All or nothing: the first problem is returned,
// naming the document and field, and nothing is imported. Pure.
import { parseAllDocuments } from 'yaml';
import { ImportError, isMap, type ImportResult, type ImportedSlo, type YamlMap } from './import-common';
import { collectOpenSloIndicators, importOpenSloDocument, isOpenSloDocument } from './import-openslo';
import { importSlothDocument, isSlothDocument } from './import-sloth';
import { MAX_IMPORT_BYTES, MAX_IMPORT_SLOS } from './limits';

export type { ImportedSlo, ImportResult } from './import-common';

export { MAX_IMPORT_BYTES, MAX_IMPORT_SLOS } from './limits';

function splitDocuments(text: string): { docs: { doc: YamlMap; path: string }[] } | { error: string } {
  const parsed = parseAllDocuments(text, { uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream for nothing but comments.
  const documents = Array.isArray(parsed) ? parsed : [];
  const docs: { doc: YamlMap; path: string }[] = [];
  for (const [index, document] of documents.entries()) {
    const label = `document ${index + 1}`;
    const problem = document.errors[0];
    if (problem) {
      const line = problem.linePos?.[0];
      return { error: `${label}: not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${problem.message.split('\n')[0]}` };
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      // OpenSLO's examples put several objects in one YAML list.
      for (const [itemIndex, item] of value.entries()) {
        if (!isMap(item)) return { error: `${label}[${itemIndex}]: expected a Sloth spec or an OpenSLO object` };
        docs.push({ doc: item, path: `${label}[${itemIndex}]` });
      }
    } else if (isMap(value)) {
      docs.push({ doc: value, path: label });
    } else {
      return { error: `${label}: expected a Sloth spec or an OpenSLO object, found a ${typeof value}` };
    }
  }
  return { docs };
}

/** Parses Sloth prometheus/v1 (or sloth.slok.dev/v1) specs and OpenSLO v1 SLO documents. */
export function importSloSpecs(text: string): ImportResult {
  if (new TextEncoder().encode(text).length > MAX_IMPORT_BYTES) return { ok: false, error: `The YAML is larger than ${MAX_IMPORT_BYTES / 1024} KiB` };
  const split = splitDocuments(text);
  if ('error' in split) return { ok: false, error: split.error };
  if (split.docs.length === 0) return { ok: false, error: 'Nothing to import: paste a Sloth spec (version: prometheus/v1) or an OpenSLO SLO (apiVersion: openslo/v1, kind: SLO)' };

  const indicators = collectOpenSloIndicators(split.docs);
  const slos: ImportedSlo[] = [];
  const notes: string[] = [];
  try {
    for (const { doc, path } of split.docs) {
      if (isSlothDocument(doc)) {
        slos.push(...importSlothDocument(doc, path));
      } else if (isOpenSloDocument(doc)) {
        if (doc.kind === 'SLO') slos.push(importOpenSloDocument(doc, path, indicators));
        else if (doc.kind === 'SLI') continue; // read through indicatorRef
        else notes.push(`${path}: OpenSLO ${typeof doc.kind === 'string' ? doc.kind : 'object'} documents are not imported`);
      } else {
        throw new ImportError(path, 'is neither a Sloth spec (version: prometheus/v1) nor an OpenSLO document (apiVersion: openslo/v1)');
      }
    }
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, error: error.message };
    throw error;
  }
  if (slos.length === 0) return { ok: false, error: 'Nothing to import: no SLO in what was pasted' };
  if (slos.length > MAX_IMPORT_SLOS) return { ok: false, error: `${slos.length} SLOs at once is more than ${MAX_IMPORT_SLOS}: import them in parts` };
  const seen = new Set<string>();
  for (const slo of slos) {
    const key = `${slo.definition.service}/${slo.definition.name}`;
    if (seen.has(key)) return { ok: false, error: `The SLO "${slo.definition.name}" of service "${slo.definition.service}" appears twice` };
    seen.add(key);
  }
  return { ok: true, slos, notes };
}
