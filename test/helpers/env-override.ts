// Environment for one test file's run of the console's lib code in-process: sets variables (undefined removes
// one), remembers what each was before its first change, and drops the cached datasource configuration so
// the next call reads the new values. restore() puts everything back.
import { resetDatasourcesCache } from '@/lib/datasources/registry';

export interface EnvOverride {
  set(values: Record<string, string | undefined>): void;
  restore(): void;
}

export function envOverride(): EnvOverride {
  const saved = new Map<string, string | undefined>();
  const write = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  return {
    set(values) {
      for (const [name, value] of Object.entries(values)) {
        if (!saved.has(name)) saved.set(name, process.env[name]);
        write(name, value);
      }
      resetDatasourcesCache();
    },
    restore() {
      for (const [name, value] of saved) write(name, value);
      saved.clear();
      resetDatasourcesCache();
    },
  };
}
