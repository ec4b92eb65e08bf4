/** When an alert last fired for a subject, and the value it stated then. */
export interface AlertMemory {
  lastFiredAt: Date;
  lastValue: number;
}

/** The same denial alert is not repeated within this long… */
export const DENIAL_REPEAT_AFTER_MS = 24 * 3600 * 1000;
/** …unless the count has grown to this many times the count last alerted. */
export const DENIAL_ESCALATION_FACTOR = 2;

export type DenialDecision =
  | { fire: true; because: 'first' | 'repeat_after_24h' | 'doubled' }
  | { fire: false; because: 'alerted_recently' };

/**
 * Whether a license that reached the denial threshold is alerted now. Exactly 24 hours after
 * the last alert counts as past the quiet period, so a check on the same 15-minute tick the
 * next day repeats it instead of waiting one more tick. A last alert stamped after `now`
 * (a late job evaluating its own, earlier slot) is recent: only doubling fires then.
 */
export function decideDenialAlert(last: AlertMemory | undefined, count: number, now: Date): DenialDecision {
  if (!last) return { fire: true, because: 'first' };
  if (count >= DENIAL_ESCALATION_FACTOR * last.lastValue) return { fire: true, because: 'doubled' };
  if (now.getTime() - last.lastFiredAt.getTime() >= DENIAL_REPEAT_AFTER_MS) {
    return { fire: true, because: 'repeat_after_24h' };
  }
  return { fire: false, because: 'alerted_recently' };
}

/** Days before expiry at which admins hear about a license; 0 is the expiry day itself. */
export const EXPIRY_STAGES = [30, 7, 1, 0] as const;
export type ExpiryStage = (typeof EXPIRY_STAGES)[number];

/**
 * The stage due with `daysLeft` days to go: the smallest stage not below it. A check that
 * missed a stage's day still sends it (5 days left: the 7-day alert), but an earlier stage
 * is never sent once a later one is due (3 days left never brings the 30-day alert).
 * Nothing before 30 days, nothing after the expiry day.
 */
export function expiryStage(daysLeft: number): ExpiryStage | undefined {
  if (!Number.isInteger(daysLeft) || daysLeft < 0) return undefined;
  let due: ExpiryStage | undefined;
  for (const stage of EXPIRY_STAGES) if (stage >= daysLeft) due = stage;
  return due;
}

export function expiryRule(stage: ExpiryStage): `expiry.${ExpiryStage}` {
  return `expiry.${stage}`;
}
