"""Server-side charts as PNG bytes (matplotlib's Figure API on the Agg canvas: no display, no pyplot state)."""
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

PALETTE = ("#2563EB", "#F59E0B", "#10B981", "#EF4444")


def _png(fig):
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=130, bbox_inches="tight")
    return out.getvalue()


def grouped_bars(title, groups, series):
    """groups: labels on the x axis; series: {name: [value per group]} (None drawn as 0)."""
    fig = Figure(figsize=(7, 3.2))
    ax = fig.add_subplot()
    width = 0.8 / max(len(series), 1)
    for i, (name, values) in enumerate(series.items()):
        xs = [g + i * width for g in range(len(groups))]
        ax.bar(xs, [v or 0 for v in values], width, label=name, color=PALETTE[i % len(PALETTE)])
    ax.set_xticks([g + width * (len(series) - 1) / 2 for g in range(len(groups))])
    ax.set_xticklabels([str(g)[:18] for g in groups], rotation=20, ha="right", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_ylim(0, 100)
    ax.legend(fontsize=7, loc="upper right")
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def bars(title, labels, values, ylim=100):
    fig = Figure(figsize=(7, 2.8))
    ax = fig.add_subplot()
    ax.bar(labels, [v or 0 for v in values], color=PALETTE[0])
    for x, v in enumerate(values):
        ax.text(x, (v or 0) + ylim * 0.02, "—" if v is None else f"{v:g}", ha="center", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_ylim(0, ylim * 1.12)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def line(title, labels, values, ylim=None):
    fig = Figure(figsize=(7, 2.8))
    ax = fig.add_subplot()
    ax.plot(labels, values, marker="o", color=PALETTE[0])
    ax.set_title(title, fontsize=10)
    if ylim:
        ax.set_ylim(0, ylim)
    ax.tick_params(axis="x", labelsize=7, rotation=30)
    ax.grid(alpha=0.3)
    return _png(fig)
