/**
 * The designer's shell: sign-in, the library and the editor, the language,
 * and every call to the server (through controllers/api.ts and the typed
 * client). It owns the document store and the local copy of unsaved work;
 * components below get state as properties and send events up.
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiError, type DatasetExportFileMap, type DraftUpdate, type EvaluateRequest, type Mapping, type KpiClient, type SimulateRequest, type Role, type TemplateDiff, type TemplateSummary, type VersionSummary } from "../../client/index.js";
import type { PreviewProblem, PreviewState } from "../components/kpi-preview-tab.js";
import type { Worksheet } from "../components/kpi-explanation.js";
import type { Column } from "../controllers/preview-table.js";
import type { Declaration, Header } from "../../schemas/generated/template.js";
import { designerClient, extendsOf, failureOf, fetchBases, probeRole, type Failure } from "../controllers/api.js";
import { Checker, checkerUrl } from "../controllers/checker.js";
import { declKey, putDecl, putHeader, removeDecl } from "../controllers/commands.js";
import { clearLocalCopy, readLocalCopy, writeLocalCopy } from "../controllers/local-copy.js";
import { fromScenarios, loadScenarios, placeOf, savable, saveScenarios, toScenarios, type ScenarioDraft } from "../controllers/scenarios.js";
import { canonical } from "../controllers/upload.js";
import { forgetKey, keepKey, takeKey } from "../controllers/session.js";
import type { DocumentStore } from "../controllers/store.js";
import { pickLang, translator, type Lang, type Translate } from "../i18n/index.js";
import { parseRoute, routeHash, type Route } from "./routes.js";
import { shared } from "../components/styles.js";
import type { Tab } from "./tabs.js";
import "../components/kpi-sign-in.js";
import "../components/kpi-library.js";
import "../components/kpi-dialog.js";

/**
 * The editor and everything it needs (the language front end, CodeMirror,
 * ECharts) load when a template is first opened, so the sign-in page and the
 * library load fast: esbuild splits them into their own chunks.
 */
const loadEditor = () => Promise.all([import("../components/kpi-editor.js"), import("../controllers/store.js"), import("../../dsl/parse.js"), import("../../dsl/printer.js")]);

/** A message for the admin, with how it is announced. */
interface Notice {
  text: string;
  tone: "info" | "error";
  /** Offer to sign in again (the key was refused). */
  signIn?: boolean;
}

@customElement("kpi-app")
export class KpiApp extends LitElement {
  static override styles = [shared, css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; align-items: center; gap: 12px; padding: 8px 24px; background: #14233a; color: #fff; }
    header .brand { font-weight: 700; }
    header .spacer { flex: 1; }
    header label { flex-direction: row; align-items: center; gap: 6px; color: #e6ebf2; }
    header select, header button { padding: 3px 8px; }
    .notice-bar { margin: 12px 24px 0; display: flex; gap: 12px; align-items: center; }
    .notice-bar.error { background: #fbeaea; border-color: #e3a5a1; }
    .notice-bar p { margin: 0; flex: 1; }
    .role { font-size: 0.85rem; color: #c9d3e0; }
  `];

  @state() private uiLang: Lang = pickLang(location.search, navigator.languages);
  @state() private key: string | undefined = takeKey(window);
  @state() private keyRole: Role | undefined;
  @state() private route: Route = parseRoute(location.hash);
  @state() private templates: TemplateSummary[] = [];
  @state() private roles: Record<string, string[]> = {};
  private rolesAsked = false;
  @state() private signInProblem = "";
  @state() private notice: Notice | undefined;
  @state() private loaded = false;
  @state() private versions: VersionSummary[] = [];
  @state() private diff: TemplateDiff | undefined;
  @state() private dialog: "" | "publish" | "conflict" | "explanation" = "";
  @state() private preview: PreviewState = { datasets: [], datasetId: "", period: "", asOf: "", running: false, stale: false, scenarios: [], scenariosUnsaved: false, simulating: false, comparisonStale: false, upload: { busy: false } };
  @state() private sheet: { sheet?: Worksheet; focus: string } = { focus: "" };
  /** The text the shown preview result was computed from (undefined before the first run). */
  private previewText: string | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private previewSeq = 0;
  /** The text and scenarios the shown comparison was computed from. */
  private comparedFrom = "";
  private simulateSeq = 0;
  private uploadSeq = 0;
  /** The scenarios saved with the server's draft (API form, canonical JSON), to say whether the ones shown are saved. */
  private savedScenarios = "[]";
  private serverScenarios: ScenarioDraft[] = [];
  private datasetsAsked = false;
  @state() private conflict = { who: "", when: "" };
  @state() private busy = false;
  private client: KpiClient | undefined;
  private checker: Checker | undefined;
  private store: DocumentStore | undefined;
  private bases: Record<string, string> = {};

  private get t(): Translate {
    return translator(this.uiLang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.uiLang;
    window.addEventListener("hashchange", this.onHash);
    window.addEventListener("keydown", this.onKey);
    if (this.key) void this.signIn(this.key);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this.onHash);
    window.removeEventListener("keydown", this.onKey);
    this.checker?.close();
  }

  override render() {
    const t = this.t;
    return html`
      <header>
        <span class="brand">${t("appTitle")}</span>
        ${this.keyRole ? html`<span class="role">${t("role")}: ${this.keyRole}</span>` : ""}
        <span class="spacer"></span>
        <label>${t("language")}<select @change=${this.onLang}>
          <option value="en" ?selected=${this.uiLang === "en"}>English</option>
          <option value="zh-CN" ?selected=${this.uiLang === "zh-CN"} lang="zh-CN">简体中文</option>
        </select></label>
        ${this.key ? html`<button @click=${this.signOut}>${t("signOut")}</button>` : ""}
      </header>
      ${this.notice ? html`<div class="notice notice-bar ${this.notice.tone}" role=${this.notice.tone === "error" ? "alert" : "status"}>
        <p>${this.notice.text}</p>
        ${this.notice.signIn ? html`<button @click=${this.signOut}>${t("signIn")}</button>` : ""}
        <button @click=${() => (this.notice = undefined)}>${t("dismiss")}</button></div>` : ""}
      <main>${this.page()}</main>
      <kpi-dialog .t=${t} kind=${this.dialog} .sheet=${this.sheet.sheet} .sheetFocus=${this.sheet.focus} .problems=${this.store?.state.diagnostics ?? []} who=${this.conflict.who} when=${this.conflict.when} ?busy=${this.busy}
        @kpi-dialog-close=${() => (this.dialog = "")} @kpi-publish=${this.onPublish} @kpi-conflict=${this.onConflict}></kpi-dialog>`;
  }

  private page() {
    const t = this.t;
    if (!this.key || !this.client) return html`<kpi-sign-in .t=${t} problem=${this.signInProblem} @kpi-sign-in=${(e: CustomEvent<{ key: string }>) => void this.signIn(e.detail.key)}></kpi-sign-in>`;
    if (!this.loaded) return html`<p role="status">${t("loading")}</p>`;
    const editorBlocked = this.keyRole === "viewer" || this.keyRole === "integrator" ? t("needsEditor", { role: this.keyRole }) : "";
    if (this.route.page === "library" || !this.store || this.store.state.id !== this.route.id)
      return html`<kpi-library .t=${t} .templates=${this.templates} .roles=${this.roles} lang=${this.uiLang} createBlocked=${editorBlocked}
        @kpi-open=${(e: CustomEvent<{ id: string }>) => this.go({ page: "template", id: e.detail.id, tab: "overview" })}
        @kpi-new-from=${(e: CustomEvent<{ from: string; id: string }>) => void this.newFrom(e.detail.from, e.detail.id)}></kpi-library>`;
    return html`<kpi-editor .t=${t} .doc=${this.store.state} tab=${this.route.tab} lang=${this.uiLang} .versions=${this.versions} .diff=${this.diff} ?busy=${this.busy}
      saveBlocked=${editorBlocked} publishBlocked=${this.keyRole === "admin" ? "" : t("needsAdmin", { role: this.keyRole ?? "" })}
      .preview=${this.preview} uploadBlocked=${this.keyRole === "viewer" ? t("needsIntegrator", { role: this.keyRole }) : ""}
      @kpi-dataset-propose=${(e: CustomEvent<{ files: DatasetExportFileMap; mapping?: Mapping }>) => void this.proposeMapping(e.detail)}
      @kpi-dataset-save=${(e: CustomEvent<{ name: string; files: DatasetExportFileMap; mapping: Mapping }>) => void this.saveDataset(e.detail)}
      @kpi-dataset-cancel=${() => (this.preview = { ...this.preview, upload: { busy: false } })}
      @kpi-preview-run=${(e: CustomEvent<{ datasetId: string; period: string; asOf?: string }>) => this.onPreviewRun(e.detail)}
      @kpi-scenarios-change=${(e: CustomEvent<{ drafts: ScenarioDraft[] }>) => this.onScenarios(e.detail.drafts)}
      @kpi-simulate=${(e: CustomEvent<{ drafts: ScenarioDraft[]; datasetId: string; period: string; asOf?: string }>) => void this.simulate(e.detail)}
      @kpi-explain=${(e: CustomEvent<{ entity: string; column: Column }>) => void this.explain(e.detail.entity, e.detail.column)}
      @kpi-tab=${(e: CustomEvent<{ tab: Tab }>) => this.go({ page: "template", id: this.store!.state.id, tab: e.detail.tab })}
      @kpi-back=${() => this.go({ page: "library" })}
      @kpi-undo=${() => this.store?.undo()} @kpi-redo=${() => this.store?.redo()}
      @kpi-text=${(e: CustomEvent<{ text: string }>) => this.store?.editText(e.detail.text)}
      @kpi-decl=${(e: CustomEvent<{ decl: Declaration }>) => this.store?.editModel(putDecl(this.store.state.model, e.detail.decl), `decl:${declKey(e.detail.decl)}`)}
      @kpi-remove=${(e: CustomEvent<{ decl: Declaration; inherited: boolean }>) => this.store?.editModel(removeDecl(this.store.state.model, e.detail.decl, e.detail.inherited), `remove:${declKey(e.detail.decl)}`)}
      @kpi-header=${(e: CustomEvent<{ header: Header }>) => this.store?.editModel(putHeader(this.store.state.model, e.detail.header), "header")}
      @kpi-format=${() => this.store?.format()}
      @kpi-save=${() => void this.save()}
      @kpi-publish-open=${() => (this.dialog = "publish")}
      @kpi-diff=${(e: CustomEvent<{ from: string; to: string }>) => void this.loadDiff(e.detail.from, e.detail.to)}></kpi-editor>`;
  }

  private readonly onHash = (): void => {
    this.route = parseRoute(location.hash);
    void this.ensureOpen();
    this.previewShown();
    this.rolesWhenShown();
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    // The whole document's undo, wherever the focus is (the source editor handles its own keys first).
    if (e.defaultPrevented || !this.store || this.route.page !== "template" || !(e.ctrlKey || e.metaKey)) return;
    const k = e.key.toLowerCase();
    if (k === "z" && !e.shiftKey) this.store.undo();
    else if ((k === "z" && e.shiftKey) || k === "y") this.store.redo();
    else return;
    e.preventDefault();
  };

  private readonly onLang = (e: Event): void => {
    this.uiLang = (e.target as HTMLSelectElement).value as Lang;
    document.documentElement.lang = this.uiLang;
    const url = new URL(location.href);
    url.searchParams.set("lang", this.uiLang);
    history.replaceState(null, "", url);
  };

  private go(r: Route): void {
    location.hash = routeHash(r);
  }

  private async signIn(key: string): Promise<void> {
    const client = designerClient(key);
    // The role and the list are asked for at once: the library shows as soon as both are in.
    const list = client.listTemplates().catch(() => undefined);
    try {
      this.keyRole = await probeRole(client);
    } catch (e) {
      const f = failureOf(e);
      this.key = undefined;
      this.client = undefined;
      if (f.kind === "key") forgetKey(window);
      this.signInProblem = f.kind === "offline" ? this.t("offline") : this.t("badKey");
      return;
    }
    keepKey(window, key);
    this.key = key;
    this.client = client;
    this.signInProblem = "";
    this.notice = undefined;
    const first = await list;
    if (first) this.templates = first.templates;
    else await this.loadLibrary();
    this.loaded = true;
    await this.ensureOpen();
    this.rolesWhenShown();
    this.previewShown();
  }

  private readonly signOut = (): void => {
    forgetKey(window);
    this.key = undefined;
    this.client = undefined;
    this.keyRole = undefined;
    this.notice = undefined;
  };

  private fail(e: unknown): void {
    const f: Failure = failureOf(e);
    if (f.kind === "key") this.notice = { text: this.t("expiredKey"), tone: "error", signIn: true };
    else if (f.kind === "offline") this.notice = { text: this.t("offline"), tone: "error" };
    else this.notice = { text: `${this.t("error")} ${f.error.status}: ${f.error.problem.detail ?? f.error.problem.title}`, tone: "error" };
  }

  private async loadLibrary(): Promise<void> {
    if (!this.client) return;
    try {
      this.templates = (await this.client.listTemplates()).templates;
    } catch (e) {
      this.fail(e);
      return;
    }
    this.rolesAsked = false;
    this.rolesWhenShown();
  }

  /**
   * The cards' roles cost one request per template (each answered after a
   * check on the server): they are asked for only once the library shows, so
   * that a template opened straight from a link does not queue behind them.
   */
  private rolesWhenShown(): void {
    if (this.route.page === "template" || this.rolesAsked || !this.client) return;
    this.rolesAsked = true;
    void this.loadRoles();
  }

  /** The entity kinds of each template, for the cards (a template that extends another shows its base's). */
  private async loadRoles(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const own: Record<string, { kinds: string[]; base?: string }> = {};
    await Promise.all(
      this.templates.map(async (x) => {
        try {
          // A pattern, not the parser: the library must not wait for the language front end.
          const text = (await client.getTemplate(x.id)).draft.source;
          const kinds = [...text.matchAll(/^\s*entity\s+([\p{L}_][\p{L}\p{N}_]*)/gmu)].map((m) => m[1]!);
          const base = extendsOf(text);
          own[x.id] = { kinds, ...(base ? { base } : {}) };
        } catch {
          /* a card without roles */
        }
      }),
    );
    const roles: Record<string, string[]> = {};
    for (const id of Object.keys(own)) {
      let cur: string | undefined = id;
      for (let i = 0; cur && i < 10 && own[cur] && own[cur]!.kinds.length === 0; i++) cur = own[cur]!.base;
      roles[id] = (cur && own[cur]?.kinds) || [];
    }
    this.roles = roles;
  }

  /** Opens the template the route names, once. */
  private async ensureOpen(): Promise<void> {
    const r = this.route;
    if (r.page !== "template" || !this.client || (this.store && this.store.state.id === r.id)) return;
    try {
      const [detail, [, { DocumentStore }]] = await Promise.all([this.client.getTemplate(r.id), loadEditor()]);
      this.bases = await fetchBases(this.client, detail.draft.source);
      this.checker ??= new Checker(checkerUrl());
      const store = new DocumentStore(this.checker);
      store.addEventListener("change", () => this.onStore(store));
      const copy = readLocalCopy(localStorage, r.id);
      const restore = copy && copy.text !== detail.draft.source;
      store.load({ id: r.id, serverText: detail.draft.source, etag: restore ? copy.etag : detail.etag, bases: this.bases, ...(restore ? { text: copy.text } : {}) });
      this.store = store;
      this.serverScenarios = fromScenarios(detail.draft.scenarios ?? []);
      this.savedScenarios = canonical(detail.draft.scenarios ?? []);
      this.resetPreview();
      this.versions = detail.versions;
      this.diff = undefined;
      if (restore) this.notice = { text: this.t("restored", { time: new Date(copy.at).toLocaleString(this.uiLang) }), tone: "info" };
      this.requestUpdate();
    } catch (e) {
      this.fail(e);
    }
  }

  private onStore(store: DocumentStore): void {
    const s = store.state;
    this.previewTextChanged(s.text);
    if (s.dirty) writeLocalCopy(localStorage, s.id, { text: s.text, etag: s.etag, at: new Date().toISOString() });
    else clearLocalCopy(localStorage, s.id);
    this.requestUpdate();
  }

  private async save(overwrite = false): Promise<boolean> {
    const store = this.store;
    if (!store || !this.client) return false;
    const s = store.state;
    this.busy = true;
    try {
      // The scenarios go with the draft; one still being typed (not a number yet) stays in this browser only.
      const { ok, held } = savable(this.preview.scenarios);
      const scenarios = toScenarios(ok);
      const saved = await this.client.saveDraft(s.id, { source: s.text, scenarios: scenarios as DraftUpdate["scenarios"] }, { ifMatch: overwrite ? "*" : s.etag });
      store.saved({ serverText: saved.draft.source, etag: saved.etag });
      this.savedScenarios = canonical(saved.draft.scenarios ?? []);
      this.serverScenarios = fromScenarios(saved.draft.scenarios ?? []);
      const unsaved = this.scenariosUnsaved(this.preview.scenarios);
      this.preview = { ...this.preview, scenariosUnsaved: unsaved };
      // Saved on the server: the browser's copy is no longer needed (it would hide a colleague's later change).
      if (!unsaved) saveScenarios(localStorage, s.id, []);
      this.notice = { text: held.length ? `${this.t("savedDraft", { n: saved.draft.revision })} ${this.t("scenariosHeld", { names: held.join(", ") })}` : this.t("savedDraft", { n: saved.draft.revision }), tone: "info" };
      return true;
    } catch (e) {
      const f = failureOf(e);
      if (f.kind === "problem" && f.error.status === 412) {
        try {
          const theirs = await this.client.getTemplate(s.id);
          this.conflict = { who: theirs.draft.updatedBy, when: new Date(theirs.draft.updatedAt).toLocaleString(this.uiLang) };
        } catch {
          this.conflict = { who: "?", when: "?" };
        }
        this.dialog = "conflict";
      } else this.fail(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private readonly onConflict = async (e: CustomEvent<{ choice: "mine" | "theirs" }>): Promise<void> => {
    this.dialog = "";
    const store = this.store;
    if (!store || !this.client) return;
    if (e.detail.choice === "mine") {
      await this.save(true);
      return;
    }
    try {
      const theirs = await this.client.getTemplate(store.state.id);
      store.replaceWithServer({ serverText: theirs.draft.source, etag: theirs.etag });
    } catch (err) {
      this.fail(err);
    }
  };

  private readonly onPublish = async (e: CustomEvent<{ effectiveFrom: string }>): Promise<void> => {
    const store = this.store;
    if (!store || !this.client) return;
    if (store.state.dirty && !(await this.save())) return;
    this.busy = true;
    try {
      const v = await this.client.publish(store.state.id, { effectiveFrom: e.detail.effectiveFrom }, { ifMatch: store.state.etag });
      this.dialog = "";
      this.notice = { text: this.t("published", { n: v.version, date: v.effectiveFrom }), tone: "info" };
      this.versions = (await this.client.listVersions(store.state.id)).versions;
      void this.loadLibrary();
    } catch (err) {
      this.dialog = "";
      this.fail(err);
    } finally {
      this.busy = false;
    }
  };

  /** On the Preview tab: the datasets are listed once, and a stale result runs again. */
  private previewShown(): void {
    if (this.route.page !== "template" || this.route.tab !== "preview" || !this.client) return;
    if (!this.datasetsAsked) {
      this.datasetsAsked = true;
      void this.loadDatasets();
    }
    if (this.preview.stale && this.previewText !== undefined) this.schedulePreview();
  }

  private async loadDatasets(): Promise<void> {
    if (!this.client) return;
    try {
      const list = (await this.client.listDatasets({ limit: 100 })).datasets;
      // The seeded examples first by name; the SaaS one is the default (the library opens on SaaS templates).
      const datasets = [...list].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
      const id = this.preview.datasetId || datasets.find((d) => d.name === this.store?.state.id.split("_")[0])?.id || datasets[0]?.id || "";
      this.preview = { ...this.preview, datasets, datasetId: id };
    } catch (e) {
      this.datasetsAsked = false;
      this.fail(e);
    }
  }

  private resetPreview(): void {
    clearTimeout(this.previewTimer);
    this.previewText = undefined;
    this.previewSeq++;
    this.simulateSeq++;
    this.comparedFrom = "";
    // Scenarios edited in this browser and not saved yet come first; else the ones saved with the draft.
    const local = this.store ? loadScenarios(localStorage, this.store.state.id) : [];
    const scenarios = local.length ? local : this.serverScenarios;
    this.preview = { ...this.preview, scenariosUnsaved: this.scenariosUnsaved(scenarios), result: undefined, running: false, stale: false, problem: undefined, scenarios, comparison: undefined, simulating: false, comparisonStale: false, scenarioProblem: undefined, upload: { busy: false } };
  }

  /** Every edit of the scenarios is kept in this browser, per template; the comparison shown is then stale. */
  private onScenarios(drafts: ScenarioDraft[]): void {
    if (this.store) saveScenarios(localStorage, this.store.state.id, drafts);
    this.preview = { ...this.preview, scenarios: drafts, scenariosUnsaved: this.scenariosUnsaved(drafts), comparisonStale: this.comparisonStaleFor(drafts) };
  }

  /** Whether the scenarios shown differ from those saved with the server's draft. */
  private scenariosUnsaved(drafts: readonly ScenarioDraft[]): boolean {
    return canonical(toScenarios(drafts)) !== this.savedScenarios;
  }

  private comparisonStaleFor(drafts: ScenarioDraft[], text = this.store?.state.text ?? ""): boolean {
    return this.preview.comparison !== undefined && this.comparedFrom !== JSON.stringify([text, drafts, this.preview.datasetId, this.preview.period, this.preview.asOf]);
  }

  /** Compare: the baseline and the scenarios over the Preview's dataset and period, the draft's text as it is now. */
  private async simulate(d: { drafts: ScenarioDraft[]; datasetId: string; period: string; asOf?: string }): Promise<void> {
    const drafts = d.drafts;
    this.preview = { ...this.preview, datasetId: d.datasetId, period: d.period, asOf: d.asOf ?? "" };
    const store = this.store;
    const p = this.preview;
    if (!store || !this.client || !p.datasetId || !p.period) return;
    const text = store.state.text;
    const seq = ++this.simulateSeq;
    this.preview = { ...p, simulating: true };
    try {
      const comparison = await this.client.simulate({ template: { source: text }, dataset: { datasetId: p.datasetId }, period: p.period.trim(), ...(p.asOf ? { asOf: p.asOf } : {}), scenarios: toScenarios(drafts) as SimulateRequest["scenarios"] });
      if (seq !== this.simulateSeq) return;
      this.comparedFrom = JSON.stringify([text, drafts, p.datasetId, p.period, p.asOf]);
      this.preview = { ...this.preview, comparison, simulating: false, comparisonStale: false, scenarioProblem: undefined };
    } catch (e) {
      if (seq !== this.simulateSeq) return;
      this.preview = { ...this.preview, simulating: false };
      if (e instanceof ApiError && e.status !== 401) {
        const problem = problemOf(e);
        // A change's JSON path in the request, said as the scenario's name and the change's number.
        const items = (e.problem.errors ?? []).map((x) => {
          const at = placeOf(x.path, drafts);
          if (!at) return `${x.path}: ${x.message}`;
          return at.change !== undefined ? this.t("scenarioAt", { scenario: at.scenario, n: at.change, message: x.message }) : this.t("scenarioOnlyAt", { scenario: at.scenario, message: x.message });
        });
        this.preview = { ...this.preview, scenarioProblem: { ...problem, items: items.length ? items : problem.items } };
      } else this.fail(e);
    }
  }

  private onPreviewRun(d: { datasetId: string; period: string; asOf?: string }): void {
    this.preview = { ...this.preview, datasetId: d.datasetId, period: d.period, asOf: d.asOf ?? "" };
    this.preview = { ...this.preview, comparisonStale: this.comparisonStaleFor(this.preview.scenarios) };
    clearTimeout(this.previewTimer);
    void this.runPreview();
  }

  /** After a first run, an edit makes the result stale and runs it again once typing pauses (600 ms), while the Preview is shown. */
  private previewTextChanged(text: string): void {
    const comparisonStale = this.comparisonStaleFor(this.preview.scenarios, text);
    if (comparisonStale !== this.preview.comparisonStale) this.preview = { ...this.preview, comparisonStale };
    if (this.previewText === undefined) return;
    const stale = text !== this.previewText;
    if (stale !== this.preview.stale) this.preview = { ...this.preview, stale };

    if (stale && this.route.page === "template" && this.route.tab === "preview") this.schedulePreview();
  }

  private schedulePreview(): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.runPreview(), 600);
  }

  private previewRequest(text: string): EvaluateRequest {
    const p = this.preview;
    return { template: { source: text }, dataset: { datasetId: p.datasetId }, period: p.period, ...(p.asOf ? { asOf: p.asOf } : {}) };
  }

  private async runPreview(): Promise<void> {
    const store = this.store;
    if (!store || !this.client || !this.preview.datasetId || !this.preview.period) return;
    const text = store.state.text;
    const seq = ++this.previewSeq;
    this.preview = { ...this.preview, running: true };
    try {
      const result = await this.client.evaluate(this.previewRequest(text));
      if (seq !== this.previewSeq) return;
      this.previewText = text;
      this.preview = { ...this.preview, result, running: false, problem: undefined, stale: store.state.text !== text };
    } catch (e) {
      if (seq !== this.previewSeq) return;
      // The text was tried: it is not run again until it changes.
      this.previewText = text;
      this.preview = { ...this.preview, running: false, stale: store.state.text !== text || this.preview.result !== undefined };
      if (e instanceof ApiError && e.status !== 401) this.preview = { ...this.preview, problem: problemOf(e) };
      else this.fail(e);
    }
  }

  /** The upload step: the server proposes (or checks) a mapping of the export files for the draft as it is now; nothing is stored. */
  private async proposeMapping(d: { files: DatasetExportFileMap; mapping?: Mapping }): Promise<void> {
    const store = this.store;
    if (!store || !this.client) return;
    const seq = ++this.uploadSeq;
    this.preview = { ...this.preview, upload: { ...this.preview.upload, busy: true, problem: undefined, saved: undefined } };
    try {
      const proposal = await this.client.previewDataset({ template: { source: store.state.text }, files: d.files, ...(d.mapping ? { mapping: d.mapping } : {}), rows: 5 });
      if (seq !== this.uploadSeq) return;
      this.preview = { ...this.preview, upload: { proposal, busy: false } };
    } catch (e) {
      if (seq !== this.uploadSeq) return;
      this.preview = { ...this.preview, upload: { ...this.preview.upload, busy: false } };
      if (e instanceof ApiError && e.status !== 401) this.preview = { ...this.preview, upload: { ...this.preview.upload, problem: problemOf(e) } };
      else this.fail(e);
    }
  }

  /** Save dataset: the files are stored with the mapping, listed, and chosen in "Dataset" for the next Run. */
  private async saveDataset(d: { name: string; files: DatasetExportFileMap; mapping: Mapping }): Promise<void> {
    if (!this.client) return;
    const seq = ++this.uploadSeq;
    this.preview = { ...this.preview, upload: { ...this.preview.upload, busy: true, problem: undefined } };
    try {
      const info = await this.client.createDataset({ name: d.name, files: d.files, mapping: d.mapping });
      if (seq !== this.uploadSeq) return;
      this.preview = { ...this.preview, datasetId: info.id, upload: { busy: false, saved: d.name } };
      await this.loadDatasets();
    } catch (e) {
      if (seq !== this.uploadSeq) return;
      this.preview = { ...this.preview, upload: { ...this.preview.upload, busy: false } };
      if (e instanceof ApiError && e.status !== 401) this.preview = { ...this.preview, upload: { ...this.preview.upload, problem: problemOf(e) } };
      else this.fail(e);
    }
  }

  /** Opens the Explanation of one number: the engine's worksheet for its entity, from the text the shown result came from. */
  private async explain(entity: string, column: Column): Promise<void> {
    if (!this.client || this.previewText === undefined) return;
    const focus = column.group === "payout" ? "payout" : column.group === "score" ? `score:${column.name}` : column.group === "incentive" ? `incentive:${column.name}` : `metric:${column.name}`;
    this.sheet = { focus };
    this.dialog = "explanation";
    try {
      const r = await this.client.evaluate({ ...this.previewRequest(this.previewText), explain: [entity], entities: [entity] });
      const sheet = r.explanations?.[entity] as Worksheet | undefined;
      this.sheet = { focus, ...(sheet ? { sheet } : {}) };
    } catch (e) {
      this.dialog = "";
      if (e instanceof ApiError && e.status !== 401) this.preview = { ...this.preview, problem: problemOf(e) };
      else this.fail(e);
    }
  }

  private async loadDiff(from: string, to: string): Promise<void> {
    if (!this.client || !this.store) return;
    try {
      this.diff = await this.client.diff(this.store.state.id, { from: Number(from), to: to === "draft" ? "draft" : Number(to) });
    } catch (e) {
      this.fail(e);
    }
  }

  private async newFrom(from: string, id: string): Promise<void> {
    if (!this.client) return;
    try {
      const [src, [, , { parseTemplate }, { printTemplate }]] = await Promise.all([this.client.getTemplate(from), loadEditor()]);
      const model = parseTemplate(src.draft.source).model;
      if (!model.header) return;
      const source = printTemplate({ ...model, header: { ...model.header, name: id } });
      const summary = this.templates.find((x) => x.id === from);
      await this.client.createTemplate({ source, ...(summary?.industry ? { industry: summary.industry } : {}), ...(summary?.stage ? { stage: summary.stage } : {}) });
      await this.loadLibrary();
      this.go({ page: "template", id, tab: "overview" });
    } catch (e) {
      this.fail(e);
    }
  }
}

/**
 * A failed evaluation as the Preview shows it: the problem and each located error.
 * @example
 * problemOf(new ApiError({ type: "…", title: "Bad Request", status: 400, detail: "bad period" }, new Headers())).items; // []
 */
function problemOf(e: ApiError): PreviewProblem {
  const p = e.problem;
  const items = [
    ...(p.errors ?? []).map((x) => `${x.path}: ${x.message}`),
    ...(p.diagnostics ?? []).map((d) => `${d.file ? `${d.file}:` : ""}${d.line}:${d.column} ${d.message}`),
  ];
  return { status: e.status, title: p.title, detail: p.detail ?? "", items };
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-app": KpiApp;
  }
}
