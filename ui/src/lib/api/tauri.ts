import { invoke } from "@tauri-apps/api/core";
import { save } from "@tauri-apps/plugin-dialog";
import { toApiError, type Backend } from "./backend";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toApiError(error);
  }
}

export const tauriBackend: Backend = {
  listRequests: (filter) => call("list_requests", { filter }),
  getRequest: (id) => call("get_request", { id }),
  createRequest: (input) => call("create_request", { input }),
  updateRequest: (id, version, input) => call("update_request", { id, version, input }),
  searchRequesters: (query, limit) => call("search_requesters", { query, limit }),
  listTopics: () => call("list_topics"),

  checkRequestInput: (id, input) => call("check_request_input", { id, input }),
  suggestSlots: (id, search) => call("suggest_slots", { id, search }),
  scheduleRequest: (id, input) => call("schedule_request", { id, input }),

  verifyRequest: (id) => call("verify_request", { id }),
  confirmRequest: (id, input) => call("confirm_request", { id, input }),
  rescheduleRequest: (id, input) => call("reschedule_request", { id, input }),
  cancelRequest: (id, input) => call("cancel_request", { id, input }),
  rejectRequest: (id, input) => call("reject_request", { id, input }),
  auditTrail: (id) => call("audit_trail", { id }),
  searchAudit: (text) => call("search_audit", { text }),

  listUsers: () => call("list_users"),
  createUser: (input) => call("create_user", { input }),
  selectUser: (id) => call("select_user", { id }),
  currentUser: () => call("current_user"),

  policyOverview: () => call("policy_overview"),
  setPolicy: (input) => call("set_policy", { input }),
  listHolidays: (year) => call("list_holidays", { year }),
  addHoliday: (input) => call("add_holiday", { input }),
  deleteHoliday: (id) => call("delete_holiday", { id }),
  importHolidaysIcs: (content) => call("import_holidays_ics", { content }),
  listSessionOverrides: () => call("list_session_overrides"),
  addSessionOverride: (input) => call("add_session_override", { input }),
  deleteSessionOverride: (id) => call("delete_session_override", { id }),
  listRooms: () => call("list_rooms"),
  listUnits: () => call("list_units"),
  listResourcePersons: () => call("list_resource_persons"),
  saveResourcePerson: (input) => call("save_resource_person", { input }),
  calendar: (filter) => call("calendar", { filter }),
  dashboard: () => call("dashboard"),

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
  saveExport: (request, path) => call("save_export", { request, path }),
  whatsappMessage: (id) => call("whatsapp_message", { id }),
  exportSettings: () => call("export_settings"),
  saveExportSettings: (input) => call("save_export_settings", { input }),
  setupStatus: () => call("setup_status"),
  saveRoom: (input) => call("save_room", { input }),
  arrivals: (date) => call("arrivals", { date }),
  checkIn: (id, input) => call("check_in", { id, input }),
  walkIn: (input) => call("walk_in", { input }),
  completeRequest: (id) => call("complete_request", { id }),
  markNoShow: (id) => call("mark_no_show", { id }),
  checkInOf: (id) => call("check_in_of", { id }),
  checkInPreview: (id, input) => call("check_in_preview", { id, input }),
  walkInPreview: (input) => call("walk_in_preview", { input }),
  voidCheckIn: (checkInId, input) => call("void_check_in", { checkInId, input }),
  checkInsOf: (id) => call("check_ins_of", { id }),
  videoAttendance: (date) => call("video_attendance", { date }),
  complianceHistory: (regionCode) => call("compliance_history", { regionCode }),
  monthlyReport: (month) => call("monthly_report", { month }),
  importHistory: (fileName, content) => call("import_history", { fileName, content }),
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
