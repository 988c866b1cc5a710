/** Yielding to the event loop, so the renderer's long work comes in short tasks (issue 8: none over 50 ms). */

/** Resolves in a later task (a zero-delay timer): what follows an `await nextTask()` does not lengthen the current task. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
