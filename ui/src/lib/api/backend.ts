import type {
  ErrorCode,
  ErrorDetails,
  RequestDetail,
  RequestFilter,
  RequestInput,
  RequestSummary,
  RequesterOption,
  Topic,
} from "./types";

/** Everything the UI may ask of the core. Views only ever see this interface. */
export interface Backend {
  listRequests(filter: RequestFilter): Promise<RequestSummary[]>;
  getRequest(id: number): Promise<RequestDetail>;
  createRequest(input: RequestInput): Promise<RequestDetail>;
  updateRequest(id: number, input: RequestInput): Promise<RequestDetail>;
  searchRequesters(query: string, limit: number): Promise<RequesterOption[]>;
  listTopics(): Promise<Topic[]>;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = { fields: [] }, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "validation",
  "policy",
  "conflict",
  "not_found",
  "internal",
]);

const FALLBACK_MESSAGE = "Terjadi kesalahan tak terduga. Silakan coba lagi.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function toDetails(value: unknown): ErrorDetails {
  if (!isRecord(value) || !Array.isArray(value.fields)) return { fields: [] };
  const fields = value.fields.flatMap((f: unknown) =>
    isRecord(f) && typeof f.field === "string" && typeof f.message === "string"
      ? [{ field: f.field, message: f.message }]
      : [],
  );
  return { fields };
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
  return new ApiError("internal", FALLBACK_MESSAGE, { fields: [] }, { cause: error });
}
