import { ApiError } from "../lib/api/backend";
import type { ErrorPayload } from "../lib/api/types";
import arrivalsJson from "./fixtures/arrivals.json";
import findingsJson from "./fixtures/findings.json";
import reportJson from "./fixtures/report.json";
import scheduleJson from "./fixtures/schedule.json";
import workflowJson from "./fixtures/workflow.json";

/**
 * The real core's answers to the calls the UI tests make, recorded by tests/ui_fixtures.rs on a
 * fresh database with a pinned clock. Each call is kept with the state it was made in; a write
 * that succeeded names the state it led to.
 */
export type Recording = {
  state: string;
  op: string;
  args: unknown[];
  ok?: unknown;
  error?: ErrorPayload;
  then?: string;
};

export type Fixture = { now: string; seed: Record<string, unknown>; calls: Recording[] };

export const ARRIVALS = arrivalsJson as unknown as Fixture;
export const FINDINGS = findingsJson as unknown as Fixture;
export const REPORT = reportJson as unknown as Fixture;
export const SCHEDULE = scheduleJson as unknown as Fixture;
export const WORKFLOW = workflowJson as unknown as Fixture;

/** JSON with object keys sorted, so that two equal values read the same whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The recorded answer of `op(args)` in `state`, or undefined when the script never made that call. */
export function lookUp(fixture: Fixture, state: string, op: string, args: unknown[]): Recording | undefined {
  const key = canonical(args);
  return fixture.calls.find((c) => c.state === state && c.op === op && canonical(c.args) === key);
}

/** A recorded answer as the back end gives it: the value, or the core's error thrown as an ApiError. */
export function replayed<T>(recording: Recording): T {
  if (recording.error) {
    const { code, message, details } = recording.error;
    throw new ApiError(code, message, details);
  }
  return structuredClone(recording.ok) as T;
}

/**
 * Walks a fixture's states: answers each call from what the core answered in the current state
 * and follows a successful write to the state it led to. A call the script never made fails the
 * test, naming it, so that the script gets the call rather than the fake a guess.
 */
export class Replay {
  readonly fixture: Fixture;
  state: string;

  constructor(fixture: Fixture, state = "start") {
    this.fixture = fixture;
    this.state = state;
  }

  /** Whether the scenario recorded `op` at all: then every call of it must be one it recorded. */
  records(op: string): boolean {
    return this.fixture.calls.some((c) => c.op === op);
  }

  answer<T>(op: string, args: unknown[]): T {
    const recording = lookUp(this.fixture, this.state, op, args);
    if (!recording) {
      const missing = `tests/ui_fixtures.rs recorded no ${op}(${canonical(args)}) in state "${this.state}"`;
      // The screen may swallow the error into a message of its own; say it where the test run shows it.
      console.error(missing);
      throw new Error(missing);
    }
    const value = replayed<T>(recording);
    if (recording.then) this.state = recording.then;
    return value;
  }
}
