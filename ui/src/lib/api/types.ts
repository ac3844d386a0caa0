// The IPC contract as the UI sees it. The types are generated from the Rust core by
// tests/integration/bindings.rs (see bindings.ts); this module is the one place the UI imports them from.
export type * from "./bindings";
