#include "web/pages.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

#include "report/charts.hpp"
#include "report/mustache.hpp"
#include "report/templates.hpp"
#include "resources/assets.hpp"
#include "web/page_data.hpp"

namespace kompass::web {

using model::ErrorKind;
using model::UiLanguage;
using report::mustache::Template;
using report::mustache::Value;

namespace {

constexpr std::string_view k_builtin_prefix = "templates/web/";
constexpr std::string_view k_page_suffix = ".html.mustache";

} // namespace

std::size_t language_index(UiLanguage language) { return language == UiLanguage::en ? 1 : 0; }

const char* language_code(UiLanguage language) { return language == UiLanguage::en ? "en" : "sv"; }

model::Result<std::array<report::Labels, 2>> parse_labels(std::string_view text) {
  std::array<report::Labels, 2> labels;
  int number = 0;
  for (auto line : report::split_fields(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (number == 1 || line.empty() || line.front() == '#') {
      continue;
    }
    auto fields = report::split_fields(line, '\t');
    if (fields.size() != 3 || fields[0].empty() || fields[1].empty() || fields[2].empty()) {
      return model::fail(ErrorKind::bad_input, "labels_malformed",
                         {{"line", std::to_string(number)}, {"file", "templates/web/labels.tsv"}},
                         "labels.tsv:" + std::to_string(number));
    }
    labels[0][std::string(fields[0])] = std::string(fields[1]);
    labels[1][std::string(fields[0])] = std::string(fields[2]);
  }
  return labels;
}

const Template& Pages::Impl::get(std::string_view name) const {
  auto found = templates.find(name);
  if (found == templates.end()) {
    // load() compiles every page template a method names; a missing one is a bug caught by the tests.
    static const Template k_empty = *Template::compile("");
    return k_empty;
  }
  return found->second;
}

std::string Pages::Impl::text(UiLanguage language, const std::string& key,
                              const std::map<std::string, std::string>& args) const {
  return report::label_text(labels[language_index(language)], key, args);
}

std::string Pages::Impl::render_fragment(UiLanguage language, std::string_view name, Value data) const {
  data.set("label", label_values[language_index(language)]);
  std::string out;
  get(name).render(data, out);
  return out;
}

std::string Pages::Impl::render_page(const Frame& frame, const std::string& title, std::string_view name, Value data,
                                     std::string_view nav) const {
  const auto language = frame.language;
  data.set("csrf", frame.csrf_token);
  std::string body = render_fragment(language, name, std::move(data));

  Value layout = Value::object(20);
  layout.add("label", label_values[language_index(language)]);
  layout.add("lang", language_code(language));
  layout.add("title", title + " – " + text(language, "site_name"));
  layout.add("css_url", css_url);
  layout.add("htmx_url", htmx_url);
  const char* other = language == UiLanguage::en ? "sv" : "en";
  layout.add("switch_lang", other);
  layout.add("switch_href", std::string("/lang/") + other + "?back=" + url_encode(frame.path));
  layout.add("login_href",
             frame.path.starts_with("/login") ? std::string("/login") : "/login?back=" + url_encode(frame.path));
  layout.add("user", frame.user ? Value(*frame.user) : Value(false));
  layout.add("csrf", frame.csrf_token);
  layout.add("notice", frame.notice.empty() ? Value(false) : Value(text(language, frame.notice)));
  layout.add("nav_start", nav == "start");
  layout.add("nav_rankings", nav == "rankings");
  layout.add("nav_compare", nav == "compare");
  layout.add("nav_login", nav == "login");
  layout.add("nav_accessibility", nav == "accessibility");
  layout.add("admin", frame.admin);
  layout.add("nav_drift", nav == "drift");
  layout.add("body", std::move(body));
  std::string html;
  html.reserve(16 * 1024);
  get("layout").render(layout, html);
  return html;
}

model::Result<Pages> Pages::load(const std::optional<std::string>& override_folder) {
  auto files = report::load_template_files(k_builtin_prefix, override_folder);
  if (!files) {
    return tl::unexpected(files.error());
  }
  auto impl = std::make_shared<Impl>();
  for (const auto& [name, text] : files->files) {
    if (!name.ends_with(k_page_suffix)) {
      continue;
    }
    auto compiled = Template::compile(report::inline_partials(*files, text));
    if (!compiled) {
      auto reason = compiled.error().args.find("reason");
      return model::fail(
          ErrorKind::bad_input, "template_error",
          {{"template", name}, {"reason", reason == compiled.error().args.end() ? std::string() : reason->second}},
          name);
    }
    impl->templates.emplace(name.substr(0, name.size() - k_page_suffix.size()), std::move(*compiled));
  }
  auto labels_file = files->files.find("labels.tsv");
  if (labels_file == files->files.end()) {
    return model::fail(ErrorKind::bad_input, "labels_malformed", {{"line", "1"}, {"file", "labels.tsv"}}, "labels.tsv");
  }
  auto labels = parse_labels(labels_file->second);
  if (!labels) {
    return tl::unexpected(labels.error());
  }
  impl->labels = std::move(*labels);
  // The label objects view the strings of impl->labels, which stay where they are from here on.
  for (std::size_t i = 0; i < impl->labels.size(); ++i) {
    Value object = Value::object(impl->labels[i].size());
    for (const auto& [key, value] : impl->labels[i]) {
      object.add(key, value);
    }
    impl->label_values[i] = std::move(object);
  }
  impl->css_url = resources::asset_url("static/kompass.css");
  impl->htmx_url = resources::asset_url("static/vendor/htmx.min.js");
  return Pages(std::move(impl));
}

std::string Pages::label(UiLanguage language, const std::string& key,
                         const std::map<std::string, std::string>& args) const {
  return m_impl->text(language, key, args);
}

std::string url_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 0xFU];
    }
  }
  return out;
}

std::string decimal(UiLanguage language, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f", std::round(value * 10.0) / 10.0);
  std::string text = buffer;
  if (text == "-0.0") {
    text = "0.0";
  }
  if (language == UiLanguage::sv) {
    std::replace(text.begin(), text.end(), '.', ',');
    if (!text.empty() && text.front() == '-') {
      text.replace(0, 1, "\u2212");
    }
  }
  return text;
}

std::string audit_csv(const std::vector<model::AuditEntry>& entries) {
  auto field = [](const std::string& value) {
    // Quoted always; a cell starting with = + - @ is prefixed so spreadsheets do not run it as a formula.
    std::string out = "\"";
    if (!value.empty() && (value.front() == '=' || value.front() == '+' || value.front() == '-' ||
                           value.front() == '@' || value.front() == '\t' || value.front() == '\r')) {
      out += '\'';
    }
    for (const char c : value) {
      if (c == '"') {
        out += '"';
      }
      out += c;
    }
    out += '"';
    return out;
  };
  std::string csv = "at,actor,entity,key,old,new\r\n";
  for (const auto& entry : entries) {
    csv += field(entry.at) + ',' + field(entry.actor) + ',' + field(entry.entity) + ',' + field(entry.key) + ',' +
           field(entry.old_value) + ',' + field(entry.new_value) + "\r\n";
  }
  return csv;
}

} // namespace kompass::web
