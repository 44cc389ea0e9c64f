import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { cookie } from "@web/core/browser/cookie";
import { getColor } from "@web/core/colors/colors";

/**
 * A small Chart.js chart of the After-Sales Overview (loaded like Odoo's graph view).
 * Each value of a dataset carries the window action listing its records: clicking a bar
 * opens it through ``onOpen``.
 */
export class AftersalesOverviewChart extends Component {
    static template = "aftersales_service.AftersalesOverviewChart";
    static props = {
        chart: Object,
        onOpen: Function,
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => this.renderChart(),
            () => [this.props.chart]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    get labels() {
        const { labels, label_kind } = this.props.chart;
        if (label_kind === "month") {
            return labels.map((label) =>
                luxon.DateTime.fromISO(label).toLocaleString({ month: "short", year: "numeric" })
            );
        }
        return labels;
    }

    /** The theme's colour of a Bootstrap tone (success, danger...), else Odoo's palette. */
    toneColor(tone, index) {
        const style = getComputedStyle(document.documentElement);
        const color = tone && style.getPropertyValue(`--${tone}`).trim();
        return color || getColor(index, cookie.get("color_scheme"), "odoo");
    }

    get config() {
        const { chart } = this.props;
        const horizontal = chart.horizontal;
        const valueAxis = {
            beginAtZero: true,
            stacked: chart.stacked,
            ticks: { precision: 0 },
        };
        const labelAxis = { stacked: chart.stacked, ticks: { autoSkip: false } };
        return {
            type: chart.type,
            data: {
                labels: this.labels,
                datasets: chart.datasets.map((dataset, index) => ({
                    label: dataset.label,
                    data: dataset.data,
                    backgroundColor: this.toneColor(dataset.tone, index),
                    borderWidth: 0,
                    maxBarThickness: 28,
                })),
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                indexAxis: horizontal ? "y" : "x",
                plugins: {
                    legend: {
                        display: chart.datasets.length > 1,
                        position: "bottom",
                    },
                },
                scales: horizontal
                    ? { x: valueAxis, y: labelAxis }
                    : { x: labelAxis, y: valueAxis },
                onClick: (event, elements) => {
                    if (elements.length) {
                        const { datasetIndex, index } = elements[0];
                        this.props.onOpen(chart.datasets[datasetIndex].actions[index]);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        };
    }

    renderChart() {
        this.chart?.destroy();
        if (this.canvasRef.el) {
            this.chart = new Chart(this.canvasRef.el, this.config);
        }
    }
}
