import { getContext, setContext } from "svelte";
import type { Backend } from "./backend";

const KEY = Symbol("backend");

export function setBackend(backend: Backend): Backend {
  return setContext(KEY, backend);
}

export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(KEY);
  if (!backend) throw new Error("Backend belum disediakan: panggil setBackend() di komponen induk.");
  return backend;
}
