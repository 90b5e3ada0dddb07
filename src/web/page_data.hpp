#pragma once

// Internal to src/web: the compiled templates and labels behind Pages, and helpers the page files share.

#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "model/messages.hpp"
#include "report/mustache.hpp"
#include "report/report_view.hpp"
#include "web/pages.hpp"

namespace kompass::web {

// Index of a language in the label arrays: 0 Swedish, 1 English.
std::size_t language_index(model::UiLanguage language);
// "sv" or "en".
const char* language_code(model::UiLanguage language);

// Parses labels.tsv ("key<TAB>sv<TAB>en" after a header line; '#' starts a comment line) into the Swedish and
// English catalogues; bad_input "labels_malformed" naming the line of a line without three non-empty fields.
model::Result<std::array<report::Labels, 2>> parse_labels(std::string_view text);

struct Pages::Impl {
  std::map<std::string, report::mustache::Template, std::less<>> templates; // "start" → start.html.mustache
  std::array<report::Labels, 2> labels;
  std::array<report::mustache::Value, 2> label_values; // the labels as a Mustache object, per language
  std::string css_url;
  std::string htmx_url;

  // The compiled page template `name`; an empty template when there is none.
  const report::mustache::Template& get(std::string_view name) const;
  // The label `key` in `language`, filled with `args`.
  std::string text(model::UiLanguage language, const std::string& key,
                   const std::map<std::string, std::string>& args = {}) const;
  // Renders page template `name` with `data` (the labels added as "label"), without the layout.
  std::string render_fragment(model::UiLanguage language, std::string_view name, report::mustache::Value data) const;
  // Renders page template `name` inside the layout titled `title`; `nav` names the main navigation's
  // current item ("start", "rankings", "compare", "login", "accessibility", "drift" or empty).
  std::string render_page(const Frame& frame, const std::string& title, std::string_view name,
                          report::mustache::Value data, std::string_view nav = {}) const;
};

// The framework text in the UI language, else the framework's primary language.
const std::string& localized(const model::LocalizedText& text, model::UiLanguage language,
                             const model::Framework& framework);

// "/evaluations/ID" with the id percent-encoded.
std::string evaluation_url(const std::string& id);
// "/municipalities/SE/2281".
std::string municipality_url(const model::MunicipalityRef& ref);
// A question or sub-area id as an HTML id part: "1.2.3" → "1-2-3".
std::string anchor_of(const std::string& id);

// The evaluation head (heading, status, tabs) for the tab `current` ("overview", "report", "scoring",
// "findings", "sources", "audit", "actions"), as the partial evaluation_header reads it under "head".
report::mustache::Value header_data(const Pages::Impl& impl, model::UiLanguage language, const EvaluationHeader& head,
                                    std::string_view current);
// The page title of an evaluation tab: "Poängsättning – Sundsvall 2012".
std::string header_title(const Pages::Impl& impl, model::UiLanguage language, const EvaluationHeader& head,
                         std::string_view current);

// An object with each field error under its field name (for {{#err.area}}) and the error summary (under
// "error": message and target element id, prefixed by `id_prefix`), or false values when there is none.
void add_field_error(report::mustache::Value& data, const std::optional<FieldError>& error, std::string_view id_prefix,
                     std::initializer_list<std::string_view> fields);

// A list of {value, text, selected} for a <select> or radio group.
report::mustache::Value options(const std::vector<std::pair<std::string, std::string>>& items,
                                const std::string& selected);

} // namespace kompass::web
