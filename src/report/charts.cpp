#include "report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <numbers>
#include <string_view>

namespace kompass::report {
namespace {

// Styling is written as presentation attributes rather than a <style> element: a <style> inside inline SVG
// applies to the whole HTML page, and the same SVG files are also rasterised for DOCX outside any CSS.
constexpr std::string_view k_font = "DejaVu Sans, sans-serif";
constexpr std::string_view k_text_colour = "#1a1a1a";
constexpr std::string_view k_muted_colour = "#555555";
constexpr std::string_view k_axis_colour = "#8c8c8c";
constexpr std::string_view k_grid_colour = "#cccccc";
// Every colour reaches 4.5:1 against white, so it stays legible even where it colours text or thin lines;
// the orange is a shade darker than #c55a11 (4.3:1) for that reason.
constexpr std::array<std::string_view, 4> k_palette = {"#1f4e79", "#b04e0f", "#2e7d32", "#6a1b9a"};

constexpr double k_width = 640;
constexpr double k_radar_height = 480;
constexpr double k_plot_height = 360;
constexpr double k_legend_row = 22;

constexpr double k_radar_cx = 320;
constexpr double k_radar_cy = 210;
constexpr double k_radar_radius = 160;
constexpr double k_radar_legend_top = 420;

constexpr double k_plot_left = 56;
constexpr double k_plot_right = 624;
constexpr double k_plot_top = 40;
constexpr double k_bar_bottom = 260;
constexpr double k_bar_legend_top = 310;
constexpr double k_trend_bottom = 316;
constexpr double k_trend_padding = 28;

using Out = std::back_insert_iterator<std::string>;

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      // Control characters other than tab and line breaks are not allowed anywhere in XML 1.0.
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
        out += c;
      }
    }
  }
  return out;
}

std::string trim_number(std::string text) {
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') {
      text.pop_back();
    }
    if (text.back() == '.') {
      text.pop_back();
    }
  }
  return text == "-0" ? "0" : text;
}

std::string coord(double v) { return trim_number(fmt::format("{:.2f}", v)); }

std::string value_text(double v) { return trim_number(fmt::format("{:.1f}", v)); }

std::optional<double> known(const std::optional<double>& v) { return v && std::isfinite(*v) ? v : std::nullopt; }

std::optional<double> value_at(const ChartSeries& series, std::size_t i) {
  return i < series.values.size() ? known(series.values[i]) : std::nullopt;
}

std::string data_values(const ChartSeries& series, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) {
      out += ' ';
    }
    auto v = value_at(series, i);
    out += v ? value_text(*v) : "-";
  }
  return out;
}

double scale_max(double max) { return std::isfinite(max) && max > 0 ? max : 1; }

double fraction(double v, double max) { return std::clamp(v / max, 0.0, 1.0); }

std::string_view colour_of(std::size_t series) { return k_palette[series % k_palette.size()]; }

// The municipality is solid and the reference dashed, so the two stay apart in greyscale print too.
std::string dash_of(std::size_t series) { return series % 2 == 1 ? R"( stroke-dasharray="6 4")" : ""; }

// Gridline spacing of 1, 2 or 5 times a power of ten, at most eight intervals, so 100 gets steps of 20 and
// 800 steps of 100.
double tick_step(double max) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(max)));
  for (double base : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0}) {
    if (max / (base * magnitude) <= 8 + 1e-9) {
      return base * magnitude;
    }
  }
  return 10 * magnitude;
}

std::vector<double> ticks(double max) {
  const double step = tick_step(max);
  std::vector<double> out;
  for (int k = 0; k * step <= max * (1 + 1e-9); ++k) {
    out.push_back(k * step);
  }
  return out;
}

void open_svg(Out out, const std::string& id, const std::string& title, const std::string& description, double height) {
  const auto safe_id = escape(id);
  fmt::format_to(out,
                 R"(<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{0}-title {0}-desc" )"
                 R"(viewBox="0 0 {1} {2}" width="100%" font-family="{3}" fill="{4}">)"
                 R"(<title id="{0}-title">{5}</title><desc id="{0}-desc">{6}</desc>)"
                 "\n",
                 safe_id, coord(k_width), coord(height), k_font, k_text_colour, escape(title), escape(description));
}

void horizontal_grid(Out out, double max, double bottom) {
  for (double tick : ticks(max)) {
    const auto y = coord(bottom - fraction(tick, max) * (bottom - k_plot_top));
    fmt::format_to(out, R"(<line class="grid" x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="1"/>)",
                   coord(k_plot_left), y, coord(k_plot_right), tick == 0 ? k_axis_colour : k_grid_colour);
    fmt::format_to(out,
                   R"(<text class="tick" x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>)"
                   "\n",
                   coord(k_plot_left - 6), coord(bottom - fraction(tick, max) * (bottom - k_plot_top) + 4),
                   k_muted_colour, value_text(tick));
  }
}

} // namespace

std::string profile_svg(const AreaChart& chart) {
  const auto count = chart.labels.size();
  const double max = scale_max(chart.max);
  const double height =
      std::max(k_radar_height, k_radar_legend_top + k_legend_row * static_cast<double>(chart.series.size()));
  auto spoke = [&](std::size_t i, double part) {
    const double angle =
        -std::numbers::pi / 2 + 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(count);
    return std::pair{k_radar_cx + k_radar_radius * part * std::cos(angle),
                     k_radar_cy + k_radar_radius * part * std::sin(angle)};
  };

  std::string svg;
  auto out = std::back_inserter(svg);
  open_svg(out, chart.id, chart.title, chart.description, height);

  fmt::format_to(out, R"(<g class="grid" fill="none" stroke="{}" stroke-width="1">)", k_grid_colour);
  for (int ring = 1; ring <= 5; ++ring) {
    fmt::format_to(out, R"(<circle cx="{}" cy="{}" r="{}"/>)", coord(k_radar_cx), coord(k_radar_cy),
                   coord(k_radar_radius * ring / 5));
  }
  fmt::format_to(out, "</g>\n");
  for (std::size_t i = 0; i < count; ++i) {
    const auto [x, y] = spoke(i, 1);
    fmt::format_to(out,
                   R"(<line class="axis" data-axis="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" )"
                   R"(stroke-width="1"/>)"
                   "\n",
                   escape(chart.labels[i]), coord(k_radar_cx), coord(k_radar_cy), coord(x), coord(y), k_axis_colour);
  }
  fmt::format_to(out, R"(<g class="scale" font-size="11" fill="{}">)", k_muted_colour);
  for (int ring = 1; ring <= 5; ++ring) {
    // Just inside each ring beside the upward spoke, clear of the spoke label above the outer ring.
    fmt::format_to(out, R"(<text x="{}" y="{}">{}</text>)", coord(k_radar_cx + 4),
                   coord(k_radar_cy - k_radar_radius * ring / 5 + 12), value_text(max * ring / 5));
  }
  fmt::format_to(out, "</g>\n");
  for (std::size_t i = 0; i < count; ++i) {
    const auto [x, y] = spoke(i, 1 + 18 / k_radar_radius);
    const double dx = x - k_radar_cx;
    const std::string_view anchor = std::abs(dx) < 20 ? "middle" : dx > 0 ? "start" : "end";
    fmt::format_to(out,
                   R"(<text class="axis-label" x="{}" y="{}" text-anchor="{}" font-size="14">{}</text>)"
                   "\n",
                   coord(x), coord(y + 5), anchor, escape(chart.labels[i]));
  }

  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const auto& series = chart.series[s];
    const auto colour = colour_of(s);
    fmt::format_to(out, R"(<g class="series" data-series="{}" data-values="{}">)", escape(series.name),
                   data_values(series, count));
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < count; ++i) {
      if (auto v = value_at(series, i)) {
        points.push_back(spoke(i, fraction(*v, max)));
      }
    }
    if (points.size() >= 2) {
      std::string list;
      for (const auto& [x, y] : points) {
        list += fmt::format("{}{},{}", list.empty() ? "" : " ", coord(x), coord(y));
      }
      fmt::format_to(out,
                     R"(<polygon points="{}" fill="{}" fill-opacity="{}" stroke="{}" stroke-width="2.5" )"
                     R"(stroke-linejoin="round"{}/>)",
                     list, s == 0 ? colour : "none", s == 0 ? "0.18" : "1", colour, dash_of(s));
    }
    for (const auto& [x, y] : points) {
      if (s % 2 == 0) {
        fmt::format_to(out, R"(<circle class="marker" cx="{}" cy="{}" r="4" fill="{}" stroke="#ffffff"/>)", coord(x),
                       coord(y), colour);
      } else {
        fmt::format_to(out, R"(<rect class="marker" x="{}" y="{}" width="8" height="8" fill="{}" stroke="#ffffff"/>)",
                       coord(x - 4), coord(y - 4), colour);
      }
    }
    fmt::format_to(out, "</g>\n");
  }

  fmt::format_to(out, R"(<g class="legend" font-size="13">)");
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const double y = k_radar_legend_top + k_legend_row * static_cast<double>(s);
    const auto colour = colour_of(s);
    fmt::format_to(out, R"(<line x1="40" y1="{0}" x2="76" y2="{0}" stroke="{1}" stroke-width="2.5"{2}/>)", coord(y - 4),
                   colour, dash_of(s));
    if (s % 2 == 0) {
      fmt::format_to(out, R"(<circle cx="58" cy="{}" r="4" fill="{}"/>)", coord(y - 4), colour);
    } else {
      fmt::format_to(out, R"(<rect x="54" y="{}" width="8" height="8" fill="{}"/>)", coord(y - 8), colour);
    }
    fmt::format_to(out, R"(<text x="86" y="{}">{}</text>)", coord(y), escape(chart.series[s].name));
  }
  fmt::format_to(out, "</g>\n</svg>\n");
  return svg;
}

std::string bar_svg(const AreaChart& chart) {
  const auto count = chart.labels.size();
  const auto series_count = chart.series.size();
  const double max = scale_max(chart.max);
  const double height =
      std::max(k_plot_height, k_bar_legend_top + k_legend_row * static_cast<double>(series_count) - 6);
  const double group_width = count > 0 ? (k_plot_right - k_plot_left) / static_cast<double>(count) : 0;
  const double bars_width = group_width * 0.76;
  const double bar_width = series_count > 0 ? bars_width / static_cast<double>(series_count) : 0;
  auto y_of = [&](double v) { return k_bar_bottom - fraction(v, max) * (k_bar_bottom - k_plot_top); };

  std::string svg;
  auto out = std::back_inserter(svg);
  open_svg(out, chart.id, chart.title, chart.description, height);
  horizontal_grid(out, max, k_bar_bottom);
  for (std::size_t i = 0; i < count; ++i) {
    fmt::format_to(out,
                   R"(<text class="axis-label" x="{}" y="{}" text-anchor="middle" font-size="14">{}</text>)"
                   "\n",
                   coord(k_plot_left + group_width * (static_cast<double>(i) + 0.5)), coord(k_bar_bottom + 20),
                   escape(chart.labels[i]));
  }
  for (std::size_t s = 0; s < series_count; ++s) {
    const auto& series = chart.series[s];
    fmt::format_to(out, R"(<g class="series" data-series="{}" data-values="{}">)", escape(series.name),
                   data_values(series, count));
    for (std::size_t i = 0; i < count; ++i) {
      auto v = value_at(series, i);
      if (!v) {
        continue;
      }
      const double x = k_plot_left + group_width * static_cast<double>(i) + (group_width - bars_width) / 2 +
                       bar_width * static_cast<double>(s);
      const double y = y_of(*v);
      fmt::format_to(out,
                     R"(<rect class="bar" data-axis="{}" data-value="{}" x="{}" y="{}" width="{}" height="{}" )"
                     R"(fill="{}"/>)",
                     escape(chart.labels[i]), value_text(*v), coord(x + 1), coord(y), coord(bar_width - 2),
                     coord(k_bar_bottom - y), colour_of(s));
      fmt::format_to(out, R"(<text class="value" x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>)",
                     coord(x + bar_width / 2), coord(y - 4), value_text(*v));
    }
    fmt::format_to(out, "</g>\n");
  }

  fmt::format_to(out, R"(<g class="legend" font-size="13">)");
  for (std::size_t s = 0; s < series_count; ++s) {
    const double y = k_bar_legend_top + k_legend_row * static_cast<double>(s);
    fmt::format_to(out, R"(<rect x="{}" y="{}" width="14" height="14" fill="{}"/><text x="{}" y="{}">{}</text>)",
                   coord(k_plot_left), coord(y - 12), colour_of(s), coord(k_plot_left + 22), coord(y),
                   escape(chart.series[s].name));
  }
  fmt::format_to(out, "</g>\n</svg>\n");
  return svg;
}

std::string trend_svg(const TrendChart& chart) {
  const auto& points = chart.points;
  const double max = scale_max(chart.max);
  const double inner = k_plot_right - k_plot_left - 2 * k_trend_padding;
  auto x_of = [&](std::size_t i) {
    if (points.size() < 2) {
      return (k_plot_left + k_plot_right) / 2;
    }
    return k_plot_left + k_trend_padding + inner * static_cast<double>(i) / static_cast<double>(points.size() - 1);
  };
  auto y_of = [&](double v) { return k_trend_bottom - fraction(v, max) * (k_trend_bottom - k_plot_top); };
  auto interval = [](const TrendPoint& p) { return !known(p.value) && known(p.low) && known(p.high); };
  // An interval joins the line at its middle, so a run of earlier-edition results still reads as a line.
  auto anchor = [&](const TrendPoint& p) -> std::optional<double> {
    if (auto v = known(p.value)) {
      return y_of(*v);
    }
    if (interval(p)) {
      return y_of((*p.low + *p.high) / 2);
    }
    return std::nullopt;
  };
  const auto colour = colour_of(0);

  std::string svg;
  auto out = std::back_inserter(svg);
  open_svg(out, chart.id, chart.title, chart.description, k_plot_height);
  horizontal_grid(out, max, k_trend_bottom);

  for (std::size_t i = 1; i < points.size(); ++i) {
    if (!points[i].edition_change) {
      continue;
    }
    const auto x = coord((x_of(i - 1) + x_of(i)) / 2);
    fmt::format_to(out,
                   R"(<line class="edition-change" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" )"
                   R"(stroke-width="1.5" stroke-dasharray="5 4"/>)"
                   R"(<text class="edition-label" x="{0}" y="{4}" text-anchor="middle" font-size="11" )"
                   R"(fill="{3}">{5}</text>)"
                   "\n",
                   x, coord(k_plot_top - 4), coord(k_trend_bottom), k_muted_colour, coord(k_plot_top - 10),
                   escape(points[i].edition));
  }

  // Each run of connected points is one polyline, so a break (edition change, or a point with nothing to
  // draw) is visible in the markup as well as on the page.
  std::string run;
  auto flush = [&] {
    if (!run.empty()) {
      fmt::format_to(out,
                     R"(<polyline class="trend-line" points="{}" fill="none" stroke="{}" stroke-width="2" )"
                     R"(stroke-linejoin="round" stroke-linecap="round"/>)"
                     "\n",
                     run, colour);
      run.clear();
    }
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    auto y = anchor(points[i]);
    if (!y || points[i].edition_change) {
      flush();
    }
    if (y) {
      run += fmt::format("{}{},{}", run.empty() ? "" : " ", coord(x_of(i)), coord(*y));
    }
  }
  flush();

  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const double x = x_of(i);
    if (auto v = known(p.value)) {
      const double y = y_of(*v);
      fmt::format_to(out,
                     R"(<g class="point" data-label="{}" data-value="{}" data-edition="{}">)"
                     R"(<circle cx="{}" cy="{}" r="4.5" fill="{}" stroke="#ffffff" stroke-width="1.5"/>)"
                     R"(<text class="value" x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>)",
                     escape(p.label), value_text(*v), escape(p.edition), coord(x), coord(y), colour, coord(x),
                     coord(y - 9), value_text(*v));
    } else if (interval(p)) {
      const double low = y_of(std::min(*p.low, *p.high));
      const double high = y_of(std::max(*p.low, *p.high));
      fmt::format_to(out,
                     R"(<g class="point" data-label="{2}" data-low="{0}" data-high="{1}" data-edition="{3}">)"
                     R"(<path class="interval" d="M{4},{6}H{5}M{4},{7}H{5}M{8},{6}V{7}" fill="none" )"
                     R"(stroke="{9}" stroke-width="2.5"/>)"
                     R"(<text class="value" x="{8}" y="{10}" text-anchor="middle" font-size="12">{0}–{1}</text>)",
                     value_text(*p.low), value_text(*p.high), escape(p.label), escape(p.edition), coord(x - 5),
                     coord(x + 5), coord(high), coord(low), coord(x), colour, coord(high - 8));
    } else {
      fmt::format_to(out, R"(<g class="point" data-label="{}" data-edition="{}">)", escape(p.label), escape(p.edition));
    }
    fmt::format_to(out,
                   R"(<text class="x-label" x="{}" y="{}" text-anchor="middle" font-size="13">{}</text></g>)"
                   "\n",
                   coord(x), coord(k_trend_bottom + 20), escape(p.label));
  }
  fmt::format_to(out, "</svg>\n");
  return svg;
}

} // namespace kompass::report
