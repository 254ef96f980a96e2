/**
 * The payout curve of a tier table, drawn with ECharts (only the line
 * chart, the grid, axes and tooltip, and the SVG renderer are bundled). It
 * redraws whenever its `points` change, which is on every keystroke in the
 * tier table.
 * @module
 */
import { LitElement, html, css, type PropertyValues } from "lit";
import { customElement, property } from "lit/decorators.js";
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent, MarkLineComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { CurvePoint } from "../controllers/payout-curve.js";

echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

@customElement("kpi-payout-chart")
export class KpiPayoutChart extends LitElement {
  static override styles = css`:host { display: block; } .chart { width: 100%; height: 260px; }`;

  @property({ attribute: false }) points: CurvePoint[] = [];
  /** The chart's accessible name. */
  @property() label = "";
  @property() xName = "";
  @property() yName = "";
  private chart?: echarts.ECharts;
  private resize?: ResizeObserver;

  override render() {
    // The SVG chart is a picture for sighted users; the accessible summary is the tier table itself.
    return html`<div class="chart" role="img" aria-label=${this.label}></div>`;
  }

  protected override firstUpdated(): void {
    const el = this.renderRoot.querySelector<HTMLDivElement>(".chart")!;
    this.chart = echarts.init(el, null, { renderer: "svg" });
    this.resize = new ResizeObserver(() => this.chart?.resize());
    this.resize.observe(el);
    this.draw();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.chart && (changed.has("points") || changed.has("xName"))) this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.chart?.dispose();
    this.chart = undefined;
  }

  private draw(): void {
    this.chart?.setOption(
      {
        animation: false,
        grid: { left: 70, right: 20, top: 20, bottom: 40 },
        tooltip: { trigger: "axis", valueFormatter: (v: unknown) => Number(v).toLocaleString() },
        xAxis: { type: "value", min: 0, max: 2, name: this.xName, nameLocation: "middle", nameGap: 26, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        yAxis: { type: "value", name: this.yName },
        series: [{ type: "line", step: false, showSymbol: false, data: this.points, lineStyle: { width: 2, color: "#1f5fbf" }, areaStyle: { color: "rgba(31,95,191,0.08)" }, markLine: { silent: true, symbol: "none", data: [{ xAxis: 1 }], lineStyle: { color: "#8a96a6", type: "dashed" }, label: { show: false } } }],
      },
      true,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-payout-chart": KpiPayoutChart;
  }
}
