/**
 * Spaces posts to one channel `intervalMs` apart within this process (Slack allows about
 * one message a second per channel; beyond that it answers 429). Posts to different
 * channels do not wait for each other. Replicas do not share it: Slack's 429 with
 * Retry-After still covers what they add together.
 */
export class ChannelPacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  async wait(channel: string): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next.get(channel) ?? 0);
    this.next.set(channel, slot + this.intervalMs);
    if (this.next.size > 10_000) this.forgetPast(now);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  private forgetPast(now: number): void {
    for (const [channel, at] of this.next) if (at < now) this.next.delete(channel);
  }
}
