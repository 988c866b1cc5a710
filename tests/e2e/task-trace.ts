/**
 * Every task of the renderer's main thread while something runs, from a Chromium trace (category
 * `toplevel` only, the cheapest). The long-task observer only sees tasks of 50 ms and more, so once none is
 * that long it reports 0 and says nothing about the margin; this gives the longest tasks whatever their
 * length. For reporting only: timings are never asserted.
 */
import type { Page } from '@playwright/test';

export interface TaskFigures {
  /** The longest main-thread task (ms, one decimal). */
  readonly tracedLongestTaskMs: number;
  readonly tracedTasksOver50Ms: number;
  /** The five longest, longest first, e.g. "31.2 14.0 12.9 9.8 7.5". */
  readonly tracedTopTasksMs: string;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { name?: string };
}

/** Runs `during` while tracing; answers its value and the main thread's tasks (null figures when the browser cannot trace). */
export async function traceMainThreadTasks<T>(page: Page, during: () => Promise<T>): Promise<{ value: T; tasks: TaskFigures | null }> {
  const browser = page.context().browser();
  if (!browser || browser.browserType().name() !== 'chromium') return { value: await during(), tasks: null };
  await browser.startTracing(page, { categories: ['toplevel'] });
  let value: T;
  try {
    value = await during();
  } catch (e) {
    await browser.stopTracing();
    throw e;
  }
  const trace = await browser.stopTracing();
  return { value, tasks: mainThreadTasks(JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }) };
}

/** Durations of the outermost tasks on every renderer main thread (CrRendererMain) of the trace. */
function mainThreadTasks(trace: { traceEvents: TraceEvent[] }): TaskFigures {
  const events = trace.traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts);
  const outer: number[] = [];
  const endOf = new Map<string, number>();
  for (const t of tasks) {
    const thread = `${t.pid}:${t.tid}`;
    if (t.ts < (endOf.get(thread) ?? -Infinity)) continue; // nested inside a task already counted
    endOf.set(thread, t.ts + t.dur!);
    outer.push(t.dur! / 1000);
  }
  outer.sort((a, b) => b - a);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    tracedLongestTaskMs: round(outer[0] ?? 0),
    tracedTasksOver50Ms: outer.filter((ms) => ms > 50).length,
    tracedTopTasksMs: outer.slice(0, 5).map((ms) => round(ms).toFixed(1)).join(' '),
  };
}
