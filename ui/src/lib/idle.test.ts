import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle, watchIdle } from "./idle";

describe("watchIdle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls onIdle after the timeout with no activity", () => {
    const onIdle = vi.fn();
    const m = watchIdle({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    m.stop();
  });

  it("starts again on mouse, keys and focus", () => {
    const onIdle = vi.fn();
    const onActivity = vi.fn();
    const m = watchIdle({ timeoutMs: 60_000, onIdle, onActivity });
    for (const type of ["mousemove", "keydown", "focusin"]) {
      vi.advanceTimersByTime(50_000);
      window.dispatchEvent(new Event(type));
    }
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(onActivity).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    m.stop();
  });

  it("does nothing once stopped", () => {
    const onIdle = vi.fn();
    const onActivity = vi.fn();
    const m = watchIdle({ timeoutMs: 1000, onIdle, onActivity });
    m.stop();
    window.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(onActivity).not.toHaveBeenCalled();
  });
});

describe("throttle", () => {
  it("lets one call through per interval", () => {
    let t = 0;
    const fn = vi.fn();
    const ping = throttle(fn, 30_000, () => t);
    ping();
    t = 10_000;
    ping();
    t = 29_999;
    ping();
    expect(fn).toHaveBeenCalledTimes(1);
    t = 30_000;
    ping();
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
