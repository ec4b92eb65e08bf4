/**
 * What a resilience test did (faults injected, answers seen, rows counted), one JSON line on
 * stdout per test, so a run shows more than pass/fail (README "Resilience").
 */
export function reportFaultRun(name: string, facts: Record<string, unknown>): void {
  process.stdout.write(`[resilience] ${name}: ${JSON.stringify(facts)}\n`);
}
