/**
 * Which database errors are the database's passing trouble rather than a bug or the
 * client's mistake: the same request sent again a little later will succeed. Every entry
 * point asks this one function (the event API answers 503 with Retry-After, chat says
 * "try again in a minute"), so they agree on what is transient (docs/architecture.md,
 * "Transient faults").
 */
export interface TransientFault {
  /** What went wrong, in words a client can show: "the database connection was lost". */
  reason: string;
  /** How long to wait before sending the same request again. */
  retryAfterSeconds: number;
}

/** Serialization failure and deadlock: PostgreSQL aborted one of two racing transactions. */
export const CONFLICTS = ['40001', '40P01'];

/** SQLSTATEs of a server that is going away, coming back or full (PostgreSQL Appendix A). */
const SERVER_STATES: Record<string, string> = {
  '57P01': 'the database server ended the connection', // admin_shutdown: pg_terminate_backend, a fast stop
  '57P02': 'the database server crashed and is restarting', // crash_shutdown
  '57P03': 'the database server is starting up', // cannot_connect_now
  '53300': 'the database has too many connections', // too_many_connections
  '53000': 'the database is out of resources', // insufficient_resources
};

/** Socket errors on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);

/**
 * What node-postgres and knex say, without a code, when a connection dies under a query or
 * no connection comes free in time. knex's "Transaction query already complete" is what the
 * first statement of a transaction gets when its BEGIN went out on a pooled connection that
 * had died while idle (the server was restarted, the session terminated): knex ends the
 * transaction with the connection error and the statement finds it over.
 */
const LOST_CONNECTION = [
  /connection terminated/i,
  /connection ended unexpectedly/i,
  /client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /^Transaction query already complete/,
];

/** The SQLSTATE (or Node's error code) of a pg, knex or MikroORM error, or of its cause. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; sqlState?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.sqlState ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error and what it wraps (`cause`, an AggregateError's `errors`: IPv4 and IPv6 refused). */
function* chain(error: unknown, depth = 0): Generator<unknown> {
  if (!error || depth > 5) return;
  yield error;
  const e = error as { cause?: unknown; errors?: unknown };
  if (e.cause) yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
}

function classifyOne(error: unknown): TransientFault | undefined {
  const code = sqlState(error);
  if (code && CONFLICTS.includes(code))
    return { reason: 'a concurrent request kept conflicting with this one', retryAfterSeconds: 1 };
  if (code && SERVER_STATES[code]) return { reason: SERVER_STATES[code], retryAfterSeconds: 5 };
  // Class 08, connection exception: the connection failed or broke.
  if (code?.startsWith('08')) return { reason: 'the database connection was lost', retryAfterSeconds: 5 };
  if (code && NETWORK_CODES.has(code)) return { reason: 'the database could not be reached', retryAfterSeconds: 5 };
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  // Every connection of the pool stayed busy for knex's acquire timeout: a slow or full database.
  if (name === 'KnexTimeoutError') return { reason: 'the database is too busy to answer', retryAfterSeconds: 5 };
  if (typeof message === 'string' && LOST_CONNECTION.some((pattern) => pattern.test(message)))
    return { reason: 'the database connection was lost', retryAfterSeconds: 5 };
  return undefined;
}

/** The transient fault behind `error`, or undefined when sending again would not help. */
export function transientDbFault(error: unknown): TransientFault | undefined {
  for (const e of chain(error)) {
    const fault = classifyOne(e);
    if (fault) return fault;
  }
  return undefined;
}
