// Watches for activity (mouse, keys, focus, scrolling, touch). After
// `timeoutMs` with none, calls onIdle once. Every bit of activity calls
// onActivity, which callers usually wrap in throttle().

export const ACTIVITY_EVENTS = [
  "mousemove",
  "mousedown",
  "keydown",
  "wheel",
  "touchstart",
  "focusin",
  "scroll",
] as const;

export interface IdleMonitor {
  /** Starts the countdown again, as if the user had just done something. */
  reset(): void;
  stop(): void;
}

export interface IdleOptions {
  timeoutMs: number;
  onIdle: () => void;
  onActivity?: () => void;
  target?: EventTarget;
}

export function watchIdle({ timeoutMs, onIdle, onActivity, target = window }: IdleOptions): IdleMonitor {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const arm = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) onIdle();
    }, timeoutMs);
  };

  const activity = () => {
    if (stopped) return;
    arm();
    onActivity?.();
  };

  for (const name of ACTIVITY_EVENTS) {
    target.addEventListener(name, activity, { capture: true, passive: true });
  }
  arm();

  return {
    reset: arm,
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      for (const name of ACTIVITY_EVENTS) {
        target.removeEventListener(name, activity, { capture: true });
      }
    },
  };
}

/**
 * Calls `fn` at most once per `intervalMs`: the first call goes through at
 * once, later calls within the interval are dropped (a keep-alive needs no
 * trailing call: the next activity sends one).
 */
export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last >= intervalMs) {
      last = t;
      fn();
    }
  };
}

export const KEEP_ALIVE_INTERVAL_MS = 30_000;
