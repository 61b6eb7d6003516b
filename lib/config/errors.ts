/** A configuration value Weft cannot use. The message starts with the field it is about. */
export class ConfigError extends Error {
  /** The variable or path in the file, e.g. 'LOKI_URL' or 'datasources[2].type'. */
  readonly field: string;

  constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super(`${field}: ${problem}`, options);
    this.name = 'ConfigError';
    this.field = field;
  }
}
