import { mount } from "svelte";
import App from "./App.svelte";
import { tauriBackend } from "./lib/api/tauri";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("Elemen #app tidak ditemukan");

export default mount(App, { target, props: { backend: tauriBackend } });
