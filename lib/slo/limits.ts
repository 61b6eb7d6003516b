// Size limits of SLO input, shared by the server and the forms (kept apart so a form does not pull in the YAML parser).

/** Large enough for hundreds of SLOs, small enough that a paste cannot hold the server up. */
export const MAX_IMPORT_BYTES = 512 * 1024;
export const MAX_IMPORT_SLOS = 200;
