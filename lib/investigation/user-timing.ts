// User Timing marks the console sets in the browser: DevTools shows them, and bench/trace-view.ts measures
// from them.

/**
 * The trace view has mounted (hydrated) and can take its data: data-to-interactive starts here, or when the
 * timeline answer has arrived, whichever is later.
 */
export const TRACE_VIEW_MOUNTED_MARK = 'weft:trace-view-mounted';
