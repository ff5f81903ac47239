import { AfterViewInit, Component, ElementRef, OnDestroy, effect, input, viewChild } from '@angular/core';
import {
  BarController, BarElement, CategoryScale, Chart, ChartConfiguration, Legend, LineController, LineElement,
  LinearScale, PointElement, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale,
  Legend, Tooltip);

/** A Chart.js canvas whose figure follows its `config` input; `label` names it for screen readers. */
@Component({
  selector: 'app-chart',
  template: `<div class="relative h-64"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>`,
})
export class ChartView implements AfterViewInit, OnDestroy {
  readonly config = input.required<ChartConfiguration>();
  readonly label = input.required<string>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;

  constructor() {
    effect(() => {
      const config = this.config();
      if (this.chart) {
        this.chart.data = config.data;
        this.chart.update();
      }
    });
  }

  ngAfterViewInit(): void {
    const config = this.config();
    this.chart = new Chart(this.canvas().nativeElement, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
  }
}
