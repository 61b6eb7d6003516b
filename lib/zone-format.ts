// Intl.DateTimeFormat per time zone, built once per zone: building a formatter costs far more than formatting
// with it (the trace page's first render, SLO calendar boundaries, permalink summaries).

type ZoneFormatOptions = Omit<Intl.DateTimeFormatOptions, 'timeZone'>;

/**
 * The formatter of `locale` and `options` for a zone (undefined: the runtime's zone), built on first use. An
 * unknown zone throws a RangeError, as Intl does, and is not kept.
 */
export function formatterPerZone(locale: string, options: ZoneFormatOptions): (timeZone?: string) => Intl.DateTimeFormat {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    const key = timeZone ?? '';
    let formatter = formatters.get(key);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      formatters.set(key, formatter);
    }
    return formatter;
  };
}

/** The parts of an instant as written by `formatter`, looked up by type ('' for a part it does not write). */
export function partsOf(formatter: Intl.DateTimeFormat, ms: number): (type: Intl.DateTimeFormatPartTypes) => string {
  const parts = formatter.formatToParts(new Date(ms));
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}
