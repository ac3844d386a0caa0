import type { Operations } from "./operations";
import type {
  ConnectionView,
  ErrorCode,
  ErrorDetails,
  ExportRequest,
  Finding,
  LiveEvent,
  PasswordChange,
  SavedExport,
  ServerSignIn,
  ServerSignInOutcome,
  SessionView,
  Severity,
  UserView,
} from "./types";

/**
 * Everything the UI may ask of the core. Views only ever see this interface. The operations
 * are the core's table (generated into operations.ts from crates/contract/src/operations.rs);
 * the rest are a desktop's own, which a team server would do its own way.
 */
export interface Backend extends Operations {
  // The profile of the session: every write is made in its name. Without one the core answers
  // `validation` on the field `actor`.
  selectUser(id: number): Promise<UserView>;
  currentUser(): Promise<UserView | null>;

  // Team mode: the shell signs in to a team server and sends every operation there; the
  // window never speaks to the server itself.
  /** The local database, the team server signed in to (if any), the address used last. */
  connection(): Promise<ConnectionView>;
  /** Signs in, or asks for the server certificate's fingerprint to be compared first. */
  signInToServer(input: ServerSignIn): Promise<ServerSignInOutcome>;
  signOutOfServer(): Promise<void>;
  changePassword(input: PasswordChange): Promise<SessionView>;
  /** Tries the team server again now. */
  reconnect(): Promise<void>;
  /** Hears what the shell says about changes and the connection; returns how to stop. */
  onLive(listener: (event: LiveEvent) => void): () => void;

  // Exports. The window has no file access: the native save dialog names a file, and the core
  // writes there only the export it produced.
  /** Asks where to save; null when the user closes the dialog. Starts in the last folder used. */
  chooseSavePath(suggestedName: string, type: "ics" | "pdf" | "csv"): Promise<string | null>;
  saveExport(request: ExportRequest, path: string): Promise<SavedExport>;
}

export const noDetails = (): ErrorDetails => ({ fields: [], findings: [] });

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: Partial<ErrorDetails> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiError";
    this.code = code;
    this.details = { fields: details.fields ?? [], findings: details.findings ?? [] };
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "validation",
  "policy",
  "conflict",
  "not_found",
  "unauthenticated",
  "throttled",
  "unavailable",
  "internal",
]);

const SEVERITIES: ReadonlySet<string> = new Set<Severity>(["block", "warn", "info"]);

const FALLBACK_MESSAGE = "Terjadi kesalahan tak terduga. Silakan coba lagi.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

function toFinding(value: unknown): Finding[] {
  if (
    !isRecord(value) ||
    typeof value.rule !== "string" ||
    typeof value.severity !== "string" ||
    !SEVERITIES.has(value.severity) ||
    typeof value.message !== "string"
  ) {
    return [];
  }
  return [
    {
      // A rule id the UI does not know yet is still shown; only its label would be missing.
      rule: value.rule as Finding["rule"],
      severity: value.severity as Severity,
      message: value.message,
      clause: typeof value.clause === "string" ? value.clause : "",
      suggestion: stringOrNull(value.suggestion),
      slot_index: typeof value.slot_index === "number" ? value.slot_index : null,
    },
  ];
}

function toDetails(value: unknown): ErrorDetails {
  if (!isRecord(value)) return noDetails();
  const fields = Array.isArray(value.fields)
    ? value.fields.flatMap((f: unknown) =>
        isRecord(f) && typeof f.field === "string" && typeof f.message === "string"
          ? [{ field: f.field, message: f.message }]
          : [],
      )
    : [];
  const findings = Array.isArray(value.findings) ? value.findings.flatMap(toFinding) : [];
  return { fields, findings };
}

/**
 * Normalises anything thrown across the IPC boundary. The core rejects with an
 * ErrorPayload object; anything else (a bare string from Tauri, a JS exception)
 * is treated as an internal error so callers handle a single shape.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isRecord(error) && typeof error.code === "string" && ERROR_CODES.has(error.code)) {
    const message = typeof error.message === "string" && error.message ? error.message : FALLBACK_MESSAGE;
    return new ApiError(error.code as ErrorCode, message, toDetails(error.details));
  }
  // Raw strings/exceptions are technical English text; keep them as the cause
  // for debugging but show staff an Indonesian message.
  return new ApiError("internal", FALLBACK_MESSAGE, noDetails(), { cause: error });
}
