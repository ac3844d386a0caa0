import { screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../lib/api/backend";
import { FakeBackend, makeDetail, makeFinding, makeSuggestion, makeSummary, profile } from "./fakeBackend";
import { byTestId, renderApp, rows, waitForRows } from "./helpers";

const PAYLOAD = "<img src=x onerror=alert(1)>";

// Names and notes come from Pemda: they must always render as text, never as markup.
describe("untrusted text", () => {
  afterEach(() => {
    expect(document.querySelector("img")).toBeNull();
  });

  it("shows it as text in the list", async () => {
    await renderApp(
      new FakeBackend({
        summaries: [makeSummary(1, { requester_label: PAYLOAD, topics: [PAYLOAD], first_slot_label: PAYLOAD })],
      }),
    );
    await waitForRows(1);
    expect(rows()[0]!.textContent).toContain(PAYLOAD);
    expect(screen.getAllByText(PAYLOAD).length).toBeGreaterThanOrEqual(3);
  });

  it("shows it as text in the form, in options, and in back-end messages", async () => {
    const fake = new FakeBackend({
      details: [
        makeDetail(5, {
          requester: { kind: "other", region_code: null, label: PAYLOAD, province_name: null, zone: "WIB" },
          description: PAYLOAD,
          guests: [{ name: PAYLOAD, position: PAYLOAD, institution: "x", contact: null, is_regional_head: false }],
          topics: [{ code: "OLD", name: PAYLOAD }],
        }),
      ],
    });
    fake.searchRequesters = async () => [
      { kind: "regional_government", region_code: "99", label: PAYLOAD, province_name: PAYLOAD, zone: "WIT", region_kind: "city" },
    ];
    fake.failNext(
      "updateRequest",
      new ApiError("validation", PAYLOAD, { fields: [{ field: "description", message: PAYLOAD }, { field: "other", message: PAYLOAD }] }),
    );
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    await screen.findByTestId("request-form");

    await waitFor(() => expect(byTestId<HTMLTextAreaElement>("description").value).toBe(PAYLOAD));
    expect(byTestId("requester-name").value).toBe(PAYLOAD);
    expect(byTestId("guest-name-0").value).toBe(PAYLOAD);
    expect(screen.getByText(PAYLOAD, { selector: "label" }).querySelector("input")).not.toBeNull(); // legacy topic

    await user.click(byTestId("submit-request"));
    const banner = await screen.findByTestId("form-error");
    expect(banner.textContent).toContain(PAYLOAD);
    expect(document.querySelector("[data-field='description']")!.textContent).toBe(PAYLOAD);

    await user.selectOptions(byTestId("requester-kind"), "regional_government");
    await user.type(byTestId("requester-search"), "kota");
    const option = await screen.findByTestId("requester-option");
    expect(option.textContent).toContain(PAYLOAD);
  });

  it("shows it as text in rule findings, slot suggestions, refusals and settings", async () => {
    const fake = new FakeBackend({ details: [makeDetail(6, { status: "submitted" })] });
    const finding = makeFinding("duplicate", "warn", { message: PAYLOAD, clause: PAYLOAD, suggestion: PAYLOAD });
    fake.findingsFor = () => [finding];
    fake.suggestions = [makeSuggestion("2026-12-07", "09:00", { label: PAYLOAD, reason: PAYLOAD, unit_name: PAYLOAD })];
    fake.failNext("scheduleRequest", new ApiError("policy", PAYLOAD, { findings: [{ ...finding, severity: "block" }] }));
    fake.holidays = [{ id: 1, date: "2026-08-17", label: PAYLOAD, name: PAYLOAD, kind: "national", source: PAYLOAD }];
    const { user } = await renderApp(fake);
    await waitForRows(1);
    await user.dblClick(rows()[0]!);

    const item = await screen.findByTestId("finding", {}, { timeout: 3000 });
    expect(item.textContent).toContain(PAYLOAD);
    expect(item.textContent).toContain(`Saran: ${PAYLOAD}`);
    expect(item.textContent).toContain(`Dasar: ${PAYLOAD}`);

    await user.click(byTestId("open-schedule"));
    const suggestion = await screen.findByTestId("slot-suggestion");
    expect(suggestion.textContent).toContain(PAYLOAD);
    await user.click(byTestId("pick-slot"));
    await user.click(byTestId("schedule-submit"));
    const refusal = await screen.findByTestId("schedule-error");
    expect(refusal.textContent).toContain(PAYLOAD);
    expect(refusal.querySelector("[data-testid='finding']")!.textContent).toContain(PAYLOAD);

    await user.click(byTestId("open-settings"));
    await user.click(await screen.findByTestId("settings-tab-holidays"));
    const row = await screen.findByTestId("holiday-row");
    expect(row.textContent).toContain(PAYLOAD);
  });

  it("shows it as text in the history, the profiles and a workflow refusal", async () => {
    const fake = new FakeBackend({
      details: [makeDetail(9, { status: "submitted" })],
      users: [profile(1, PAYLOAD, "secretariat")],
      currentUser: null,
      audit: [
        {
          id: 1,
          at: "2026-11-28T02:30:00Z",
          at_label: "Sabtu, 28 November 2026 09.30 WIB",
          actor_name: PAYLOAD,
          action: PAYLOAD,
          request_id: 9,
          before: { status: PAYLOAD },
          after: { status: "verified", starts_at: PAYLOAD },
          note: PAYLOAD,
          desk: PAYLOAD,
          slot_label: PAYLOAD,
          previous_slot_label: null,
        },
      ],
    });
    fake.failNext("verifyRequest", new ApiError("policy", PAYLOAD, { findings: [makeFinding("letter-addressee", "block", { message: PAYLOAD })] }));
    const { user } = await renderApp(fake);
    const option = screen.getByTestId("profile-option");
    expect(option.textContent).toContain(PAYLOAD);
    await user.click(option);
    expect((await screen.findByTestId("current-user")).textContent).toBe(`${PAYLOAD} · Sekretariat`);

    await waitForRows(1);
    await user.dblClick(rows()[0]!);
    const entry = await screen.findByTestId("history-entry");
    expect(entry.dataset.action).toBe(PAYLOAD);
    expect(entry.textContent).toContain(`${PAYLOAD} oleh ${PAYLOAD}`); // unknown action shown as it came
    expect(entry.textContent).toContain("Sabtu, 28 November 2026 09.30 WIB");
    expect(entry.querySelector(".note")?.textContent).toBe(PAYLOAD);
    expect(entry.querySelector("[data-testid='history-status']")).toBeNull(); // an unknown status is not shown

    await user.click(byTestId("action-verify"));
    const error = await screen.findByTestId("action-error");
    expect(error.textContent).toContain(PAYLOAD);
    expect(within(error).getByTestId("finding").textContent).toContain(PAYLOAD);
  });
});
