/**
 * DOM id of the error text for a field path, stable so inputs can point at it with aria-describedby.
 * `scope` keeps ids unique when two forms on one screen share a path (e.g. `date`).
 */
export function errorId(path: string, scope?: string): string {
  const id = `error-${path.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return scope ? `${scope}-${id}` : id;
}

/** Joins ids for aria-describedby, dropping missing ones; undefined when none is left. */
export function describedBy(...ids: Array<string | null | undefined | false>): string | undefined {
  const present = ids.filter((id): id is string => typeof id === "string" && id !== "");
  return present.length ? present.join(" ") : undefined;
}
