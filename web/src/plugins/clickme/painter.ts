/**
 * Turns pointer input into reveals (issue 5): a press reveals a square at once; while the
 * button is held, new squares come at most every `intervalMs`, placed along the path from the
 * last square at most half a square apart, so a quick stroke leaves no gaps.
 */
export interface Point {
  x: number;
  y: number;
}

export class Painter {
  private last: Point | null = null;
  private lastAt = -Infinity;
  private held = false;
  private pointer: Point | null = null;

  constructor(
    private readonly size: number,
    private readonly intervalMs: number,
    private readonly width: number,
    private readonly height: number,
  ) {}

  get painting(): boolean {
    return this.held;
  }

  /** Button pressed at p (time t): one square there. */
  press(p: Point, t: number): Point[] {
    this.held = true;
    this.pointer = this.clamp(p);
    this.last = this.pointer;
    this.lastAt = t;
    return [this.pointer];
  }

  /** Pointer moved; returns new squares if the button is held and the interval has passed. */
  move(p: Point, t: number): Point[] {
    this.pointer = this.clamp(p);
    return this.held && t - this.lastAt >= this.intervalMs ? this.paintTo(t) : [];
  }

  /** Called on a timer while held, so a stroke that stops still gets its last squares. */
  tick(t: number): Point[] {
    return this.held && t - this.lastAt >= this.intervalMs ? this.paintTo(t) : [];
  }

  release(): void {
    this.held = false;
  }

  private paintTo(t: number): Point[] {
    const from = this.last!;
    const to = this.pointer!;
    const distance = Math.hypot(to.x - from.x, to.y - from.y);
    if (distance < 1) return [];
    const steps = Math.ceil(distance / Math.max(1, this.size / 2));
    const out: Point[] = [];
    for (let i = 1; i <= steps; i++) {
      const p = { x: Math.round(from.x + ((to.x - from.x) * i) / steps), y: Math.round(from.y + ((to.y - from.y) * i) / steps) };
      const prev = out[out.length - 1] ?? from;
      if (p.x !== prev.x || p.y !== prev.y) out.push(p);
    }
    this.last = to;
    this.lastAt = t;
    return out;
  }

  private clamp(p: Point): Point {
    return {
      x: Math.min(this.width - 1, Math.max(0, Math.floor(p.x))),
      y: Math.min(this.height - 1, Math.max(0, Math.floor(p.y))),
    };
  }
}
