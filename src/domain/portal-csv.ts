import { COUNTER_LABELS, COUNTER_NAMES } from './counters.js';

/**
 * The columns of the vendor portal's CSV exports, as the portal names them. LicBot's own
 * exports write them and the portal import reads them, so both use these lists.
 */
export const LICENSE_STATS_COLUMNS = [
  'Product',
  'Licenses',
  'Type',
  'Status',
  'Activations Used',
  'Activations Available',
  'Activation Code',
  ...COUNTER_NAMES.map((n) => COUNTER_LABELS[n]),
];

export const SESSIONS_FULL_COLUMNS = [
  'Status',
  'DateTime',
  'Email',
  'Program',
  'Version',
  'Machine',
  'Duration',
  'Duration Seconds',
];

/** The portal's condensed view writes "3 (1 active)" in one cell; a CSV keeps the two numbers apart. */
export const SESSIONS_CONDENSED_COLUMNS = [
  'Email',
  'Program',
  'Sessions',
  'Active Sessions',
  'Duration',
  'Duration Seconds',
];
