// Helpers for specs that drive the test addon's inspector thread
// (test/addon/inspector.cc: inspectorStart / inspectorGo / inspectorState / inspectorJoin).
import { addon } from './addon';

const a = addon as any;

/** Resolves once the env's thread reaches `stage` (polling inspectorState, which never blocks). */
export async function waitForStage(id: number, stage: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (a.inspectorState(id).stage !== stage) {
    if (Date.now() > deadline) throw new Error(`the env's thread did not reach "${stage}" (at "${a.inspectorState(id).stage}")`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
