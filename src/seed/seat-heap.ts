import type { AccessMode } from '../domain/license.js';
import type { PlannedActivation } from './plan-types.js';

/** A session holding a seat until `end`. */
export interface Hold {
  activation: PlannedActivation;
  mode: AccessMode;
  version: string;
  start: number;
  end: number;
}

// The sessions holding a license's seats form a min-heap by end, so freeing the ones that
// ended stays cheap for pools with hundreds of seats.

export function heapPush(heap: Hold[], hold: Hold): void {
  heap.push(hold);
  siftUp(heap, heap.length - 1);
}

export function heapRemoveAt(heap: Hold[], index: number): Hold {
  const removed = heap[index]!;
  const last = heap.pop()!;
  if (index < heap.length) {
    heap[index] = last;
    siftUp(heap, index);
    siftDown(heap, index);
  }
  return removed;
}

function siftUp(heap: Hold[], index: number): void {
  let i = index;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.end <= heap[i]!.end) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function siftDown(heap: Hold[], index: number): void {
  let i = index;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let least = i;
    if (left < heap.length && heap[left]!.end < heap[least]!.end) least = left;
    if (right < heap.length && heap[right]!.end < heap[least]!.end) least = right;
    if (least === i) return;
    [heap[least], heap[i]] = [heap[i]!, heap[least]!];
    i = least;
  }
}
