#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "report/report_view.hpp"

namespace kompass::report {

// The report's templates and label catalogue by file name ("report.html.mustache", "report.css",
// "labels.tsv", …): the built-in files of templates/report/, each replaced by its namesake in an override
// folder when one is given.
struct TemplateSet {
  std::map<std::string, std::string> files;
};

// The built-in set with `override_folder`'s files laid over it; bad_input "templates_folder_missing" when
// the folder does not exist, "file_unreadable" for a file in it that cannot be read.
Result<TemplateSet> load_templates(const std::optional<std::string>& override_folder);

// The same for any embedded template folder: the files under `builtin_prefix` ("templates/web/") by file
// name, with `override_folder`'s files laid over them.
Result<TemplateSet> load_template_files(std::string_view builtin_prefix,
                                        const std::optional<std::string>& override_folder);

// `text` with every {{> name}} replaced by the set's "name.mustache" (partials may include partials, at most
// 8 deep, so one that includes itself stops), so that a page is one template compiled once. Our partials
// need nothing of Mustache's partial semantics beyond inclusion (no standalone indentation).
std::string inline_partials(const TemplateSet& templates, const std::string& text);

// The labels of `language` from the set's labels.tsv ("key<TAB>sv<TAB>nb<TAB>en" after a header line);
// bad_input "labels_malformed" naming the line of a line without four fields.
Result<Labels> load_labels(const TemplateSet& templates, Language language);

// The parts of `text` between `separator`s, empty ones kept (for the label catalogues' lines and tabs).
std::vector<std::string_view> split_fields(std::string_view text, char separator);

// Replaces every {name} in `text` by args[name]; unknown names stay as written.
std::string fill(const std::string& text, const std::map<std::string, std::string>& args);

// The label `key` of `labels` with its {placeholders} filled from `args`; the key itself when the catalogue
// lacks it, so a gap in an override catalogue shows in the report but never fails it.
std::string label_text(const Labels& labels, const std::string& key,
                       const std::map<std::string, std::string>& args = {});

} // namespace kompass::report
