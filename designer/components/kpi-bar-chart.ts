/**
 * A bar chart of the Preview's dashboard, drawn with ECharts (only the bar
 * chart, the grid, axes, legend and tooltip, and the SVG renderer are
 * bundled, as for the payout curve). A picture for sighted users: every
 * chart sits next to a table with the same figures (the dashboard's
 * `<details>`), which is its accessible form.
 * @module
 */
import { LitElement, html, css, type PropertyValues } from "lit";
import { customElement, property } from "lit/decorators.js";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

/** One series: a name and a value per category. */
export interface BarSeries {
  name: string;
  values: (number | null)[];
  color?: string;
}

@customElement("kpi-bar-chart")
export class KpiBarChart extends LitElement {
  static override styles = css`:host { display: block; } .chart { width: 100%; height: var(--h, 260px); }`;

  @property({ attribute: false }) categories: string[] = [];
  @property({ attribute: false }) series: BarSeries[] = [];
  /** The chart's accessible name. */
  @property() label = "";
  /** Values are ratios shown as percentages (with a line at 100%). */
  @property({ type: Boolean }) percent = false;
  /** Bars run left to right with the categories down the side (for long names). */
  @property({ type: Boolean }) horizontal = false;
  private chart?: echarts.ECharts;
  private resize?: ResizeObserver;

  override render() {
    const h = this.horizontal ? Math.max(160, 50 + this.categories.length * 18 * Math.max(1, this.series.length)) : 260;
    return html`<div class="chart" style=${`--h: ${h}px`} role="img" aria-label=${this.label}></div>`;
  }

  protected override firstUpdated(): void {
    const el = this.renderRoot.querySelector<HTMLDivElement>(".chart")!;
    this.chart = echarts.init(el, null, { renderer: "svg" });
    this.resize = new ResizeObserver(() => this.chart?.resize());
    this.resize.observe(el);
    this.draw();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.chart && (changed.has("series") || changed.has("categories"))) {
      this.chart.resize();
      this.draw();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.chart?.dispose();
    this.chart = undefined;
  }

  private draw(): void {
    const fmt = (v: unknown): string => (typeof v !== "number" ? "—" : this.percent ? `${(v * 100).toFixed(1)}%` : v.toLocaleString());
    const cat = { type: "category" as const, data: this.categories, axisLabel: { interval: 0, width: 110, overflow: "truncate" as const, ...(this.horizontal ? {} : { rotate: this.categories.length > 6 ? 30 : 0 }) }, ...(this.horizontal ? { inverse: true } : {}) };
    const val = { type: "value" as const, axisLabel: { formatter: (v: number) => (this.percent ? `${Math.round(v * 100)}%` : v.toLocaleString()) } };
    this.chart?.setOption(
      {
        animation: false,
        grid: { left: this.horizontal ? 130 : 60, right: 24, top: this.series.length > 1 ? 30 : 12, bottom: this.horizontal ? 24 : 56 },
        legend: { show: this.series.length > 1, top: 0 },
        tooltip: { trigger: "axis", valueFormatter: fmt },
        xAxis: this.horizontal ? val : cat,
        yAxis: this.horizontal ? cat : val,
        series: this.series.map((s, i) => ({
          type: "bar",
          name: s.name,
          data: s.values,
          itemStyle: { color: s.color ?? ["#1f5fbf", "#e08a1e", "#2e8b57"][i % 3] },
          ...(this.percent && i === 0 ? { markLine: { silent: true, symbol: "none", data: [this.horizontal ? { xAxis: 1 } : { yAxis: 1 }], lineStyle: { color: "#8a96a6", type: "dashed" }, label: { show: false } } } : {}),
        })),
      },
      true,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-bar-chart": KpiBarChart;
  }
}
