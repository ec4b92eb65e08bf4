import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type CollectGarbage = (options: { type: 'minor'; execution: 'sync' }) => void;

let collect: CollectGarbage | null | undefined;

/**
 * V8's collector, asked for once: `globalThis.gc` when the process was started with
 * `--expose-gc`, else the one a fresh context gets once the flag is set (the flag only
 * decides whether new contexts are given `gc`; nothing else about the process changes).
 * Null if this Node cannot give it: the charts still render, their memory is just
 * reclaimed later.
 */
function collector(): CollectGarbage | null {
  if (collect === undefined) {
    try {
      const exposed = (globalThis as { gc?: unknown }).gc;
      if (typeof exposed !== 'function') setFlagsFromString('--expose-gc');
      const gc = typeof exposed === 'function' ? exposed : runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as CollectGarbage) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/**
 * resvg-js 2.6.2 keeps each chart's pixels (800 × 320 × 4 bytes, 1 MB) and its SVG tree in
 * native memory behind two small JS objects, and does not tell V8 how large they are
 * (thx/resvg-js issue 216). V8 collects those objects only when its own heap fills, which
 * charts alone never do: 40 weekly charts held about 30 MB until then (bench/charts.ts).
 * Right after a render its objects are garbage in the young generation, so a minor
 * collection (well under a millisecond here) frees the chart's native memory at once.
 */
export function collectRenderMemory(): void {
  collector()?.({ type: 'minor', execution: 'sync' });
}
