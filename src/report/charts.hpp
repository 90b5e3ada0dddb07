#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kompass::report {

// One named line of values in a chart; a missing value (not assessed, no reference) is nullopt and is
// drawn as a gap, never as 0.
struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> values;
};

// What the area charts draw: one axis (or bar group) per label, every series against the same 0..max scale.
// `id` makes the SVG's element ids unique when several charts share one HTML page.
struct AreaChart {
  std::string id;
  std::string title;               // becomes the SVG <title>
  std::string description;         // becomes the SVG <desc>
  std::vector<std::string> labels; // one per axis, e.g. "1".."8"
  std::vector<ChartSeries> series; // first = the municipality, second = the reference
  double max = 100;
};

// The profile (radar) chart: one spoke per label, each series a closed polygon; every axis is a
// <line class="axis" data-axis="LABEL">, every series a <g class="series" data-series="NAME"
// data-values="v1 v2 …"> with "-" for a missing value.
std::string profile_svg(const AreaChart& chart);

// The bar chart: per label, one bar per series side by side, with the same class/data attributes as the
// profile chart (<g class="series" …>, one <rect class="bar" data-axis="LABEL" data-value="V"> per value).
std::string bar_svg(const AreaChart& chart);

// One evaluation in a trend chart. `low`/`high` draw an interval instead of a point (a pre-2010 result
// compared through the earlier-edition rule); `edition_change` marks that the edition differs from the
// point before, so the line is broken there and a marker with the edition's name is drawn.
struct TrendPoint {
  std::string label; // year
  std::string edition;
  std::optional<double> value;
  std::optional<double> low;
  std::optional<double> high;
  bool edition_change = false;
};

// A municipality's totals over its evaluations, on a 0..max scale.
struct TrendChart {
  std::string id;
  std::string title;
  std::string description;
  std::vector<TrendPoint> points;
  double max = 800;
};

// The trend chart: <g class="point" data-label="YEAR" data-value="V" data-edition="E"> per point and
// <line class="edition-change"> where the edition changes.
std::string trend_svg(const TrendChart& chart);

} // namespace kompass::report
