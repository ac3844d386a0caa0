import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { save } from "@tauri-apps/plugin-dialog";
import { toApiError, type Backend } from "./backend";
import { operations } from "./operations";
import type { LiveEvent } from "./types";

/** The shell's event with changes from other desks and the team connection's state. */
const LIVE_EVENT = "konsultasi://live";

async function command<T>(name: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(name, args);
  } catch (error) {
    throw toApiError(error);
  }
}

/** Every operation of the core's table goes through the shell's one `call` command. */
function call<T>(operation: string, args: Record<string, unknown>): Promise<T> {
  return command<T>("call", { operation, args });
}

export const tauriBackend: Backend = {
  ...operations(call),

  selectUser: (id) => command("select_user", { id }),
  currentUser: () => command("current_user"),

  connection: () => command("connection"),
  signInToServer: (input) => command("sign_in_to_server", { input }),
  signOutOfServer: () => command("sign_out_of_server"),
  changePassword: (input) => command("change_password", { input }),
  reconnect: () => command("reconnect"),
  onLive: (listener) => {
    let stopped = false;
    let stop: (() => void) | null = null;
    void listen<LiveEvent>(LIVE_EVENT, (event) => listener(event.payload)).then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
    return () => {
      stopped = true;
      stop?.();
    };
  },

  chooseSavePath: async (suggestedName, type) => {
    const folder = rememberedFolder();
    const path = await save({
      title: "Simpan berkas",
      defaultPath: folder ? `${folder}/${suggestedName}` : suggestedName,
      filters: [
        type === "ics"
          ? { name: "Kalender (iCalendar)", extensions: ["ics"] }
          : type === "csv"
            ? { name: "Tabel CSV", extensions: ["csv"] }
            : { name: "Dokumen PDF", extensions: ["pdf"] },
      ],
    });
    if (path) rememberFolder(path);
    return path;
  },
  saveExport: (request, path) => command("save_export", { request, path }),
};

const FOLDER_KEY = "konsultasi.lastExportFolder";

/** The folder of the last file saved, kept by the window between sessions. */
function rememberedFolder(): string | null {
  try {
    return localStorage.getItem(FOLDER_KEY);
  } catch {
    return null;
  }
}

function rememberFolder(path: string): void {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut <= 0) return;
  try {
    localStorage.setItem(FOLDER_KEY, path.slice(0, cut));
  } catch {
    // Private storage may be unavailable; the dialog then starts in its own default folder.
  }
}
