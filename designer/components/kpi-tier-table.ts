/**
 * The tier table editor: mode (retroactive or marginal) and rows of
 * "From" with "Rate" or "Pay". A row commits on every keystroke that leaves
 * a valid number (the payout curve redraws as you type); an invalid entry is
 * marked and not committed.
 * @fires kpi-tiers - detail `{ tiers }`: the new tier table
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Tiers, TierStep } from "../../schemas/generated/template.js";
import { isNumberLiteral } from "../controllers/commands.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

@customElement("kpi-tier-table")
export class KpiTierTable extends LitElement {
  static override styles = [shared, css`input { width: 100px; } td select { width: auto; } td { vertical-align: middle; }`];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) tiers!: Tiers;
  /** The incentive's name, for the inputs' accessible names. */
  @property() name = "";
  @property({ type: Boolean }) readonly = false;

  override render() {
    const t = this.t;
    const tiers = this.tiers;
    return html`
      <div class="row">
        <label>${t("mode")}<select ?disabled=${this.readonly} @change=${(e: Event) => this.put({ ...tiers, mode: (e.target as HTMLSelectElement).value as Tiers["mode"] })}>
          <option value="retroactive" ?selected=${tiers.mode === "retroactive"}>${t("retroactive")}</option>
          <option value="marginal" ?selected=${tiers.mode === "marginal"}>${t("marginal")}</option>
        </select></label>
        ${tiers.on ? html`<span>${t("measure")}: <code>${tiers.on}</code></span>` : ""}
      </div>
      <table aria-label=${`${t("tiers")} ${this.name}`}>
        <thead><tr><th>#</th><th>${t("from")}</th><th>${t("rate")} / ${t("pay")}</th><th></th><th></th></tr></thead>
        <tbody>${tiers.steps.map((s, i) => this.row(s, i))}</tbody>
      </table>
      <button ?disabled=${this.readonly} @click=${this.addRow}>${t("addTier")}</button>`;
  }

  private row(s: TierStep, i: number) {
    const t = this.t;
    const kind = s.pay !== undefined ? "pay" : "rate";
    const amount = s.pay ?? s.rate ?? "";
    const label = kind === "pay" ? t("pay") : t("rate");
    return html`<tr>
      <td>${i + 1}</td>
      <td><input aria-label=${t("from")} .value=${s.from} ?readonly=${this.readonly}
        aria-invalid=${isNumberLiteral(s.from) ? "false" : "true"} @input=${(e: Event) => this.setStep(i, { ...s, from: (e.target as HTMLInputElement).value.trim() })} /></td>
      <td><input aria-label=${label} .value=${amount} ?readonly=${this.readonly} aria-invalid=${isNumberLiteral(amount) ? "false" : "true"}
        @input=${(e: Event) => this.setAmount(i, s, kind, (e.target as HTMLInputElement).value.trim())} /></td>
      <td><select aria-label=${`${t("rate")} / ${t("pay")} ${i + 1}`} ?disabled=${this.readonly} @change=${(e: Event) => this.setAmount(i, s, (e.target as HTMLSelectElement).value as "rate" | "pay", amount)}>
        <option value="rate" ?selected=${kind === "rate"}>${t("rate")}</option><option value="pay" ?selected=${kind === "pay"}>${t("pay")}</option>
      </select></td>
      <td><button aria-label=${t("removeTier", { n: i + 1 })} ?disabled=${this.readonly || this.tiers.steps.length <= 1} @click=${() => this.put({ ...this.tiers, steps: this.tiers.steps.filter((_, k) => k !== i) })}>✕</button></td>
    </tr>`;
  }

  private setAmount(i: number, s: TierStep, kind: "rate" | "pay", v: string): void {
    const { rate: _r, pay: _p, ...rest } = s;
    this.setStep(i, { ...rest, [kind]: v });
  }

  private setStep(i: number, s: TierStep): void {
    const amount = s.pay ?? s.rate ?? "";
    if (!isNumberLiteral(s.from) || !isNumberLiteral(amount)) return;
    this.put({ ...this.tiers, steps: this.tiers.steps.map((x, k) => (k === i ? s : x)) });
  }

  private addRow(): void {
    const last = this.tiers.steps[this.tiers.steps.length - 1];
    const from = last && isNumberLiteral(last.from) ? nextBound(last.from) : "100%";
    const step: TierStep = last?.pay !== undefined ? { from, pay: last.pay } : { from, rate: last?.rate ?? "1%" };
    this.put({ ...this.tiers, steps: [...this.tiers.steps, step] });
  }

  private put(tiers: Tiers): void {
    this.dispatchEvent(new CustomEvent("kpi-tiers", { detail: { tiers }, bubbles: true, composed: true }));
  }
}

/** A bound after `from`: 20 points more for a percentage, twice for a count. */
function nextBound(from: string): string {
  const n = Number(from.replace(/[_%]/g, ""));
  return from.endsWith("%") ? `${n + 20}%` : String(Math.max(1, n * 2));
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-tier-table": KpiTierTable;
  }
}
