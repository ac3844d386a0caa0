/** DOM id of the error text for a field path, stable so inputs can point at it with aria-describedby. */
export function errorId(path: string): string {
  return `error-${path.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Joins ids for aria-describedby, dropping missing ones; undefined when none is left. */
export function describedBy(...ids: Array<string | null | undefined | false>): string | undefined {
  const present = ids.filter((id): id is string => typeof id === "string" && id !== "");
  return present.length ? present.join(" ") : undefined;
}
