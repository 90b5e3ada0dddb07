#include "app/transfer.hpp"

#include <map>
#include <set>
#include <sstream>

#include "app/catalog.hpp"
#include "app/csv.hpp"
#include "app/evaluation_json.hpp"
#include "app/evaluations.hpp"
#include "app/municipalities.hpp"
#include "app/validation.hpp"
#include "scoring/scoring.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

std::string line_column(int line, int column) { return std::to_string(line) + ":" + std::to_string(column); }

tl::unexpected<model::Error> cell_error(const CsvCell& cell, const std::string& code,
                                        std::map<std::string, std::string> args = {}) {
  args["line"] = std::to_string(cell.line);
  args["column"] = std::to_string(cell.column);
  args["value"] = cell.text;
  return fail(ErrorKind::bad_input, code, std::move(args), line_column(cell.line, cell.column));
}

// A score's range or target error from scoring, restated for a file: the same arguments plus the JSON path.
tl::unexpected<model::Error> at_path(model::Error error, const std::string& path) {
  error.code = "json_score_" + error.code;
  error.args["path"] = path;
  error.field = path;
  return tl::unexpected(std::move(error));
}

// Checks an imported evaluation as a whole before anything is stored: the same rules as the CLI's use cases
// (shared through validation.hpp), plus what only a document can get wrong.
Result<void> check_document(const model::Evaluation& evaluation, const model::Framework& framework) {
  using model::Granularity;
  using model::ScoreTarget;
  auto index = [](const char* list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; };
  for (auto check : {check_municipality(evaluation.municipality, "municipality"), check_year(evaluation.year, "year"),
                     check_language(evaluation.language, "language")}) {
    if (!check) {
      return check;
    }
  }
  for (const auto& [text, field] : {std::pair{&evaluation.summary, "summary"},
                                    {&evaluation.note, "note"},
                                    {&evaluation.source_url, "source_url"}}) {
    if (auto valid = check_text(*text, field); !valid) {
      return valid;
    }
  }
  for (std::size_t i = 0; i < evaluation.evaluators.size(); ++i) {
    for (const auto* text : {&evaluation.evaluators[i].name, &evaluation.evaluators[i].organisation}) {
      if (auto valid = check_text(*text, index("evaluators", i)); !valid) {
        return valid;
      }
    }
  }
  for (std::size_t i = 0; i < evaluation.sources.size(); ++i) {
    if (auto valid = check_source(evaluation.sources[i], index("sources", i)); !valid) {
      return valid;
    }
  }
  if (evaluation.granularity == Granularity::question && framework.level == model::FrameworkLevel::area) {
    return fail(ErrorKind::bad_input, "granularity_not_in_framework", {{"framework", framework.id}}, "granularity");
  }
  std::set<std::tuple<ScoreTarget, std::string, std::string>> seen;
  for (std::size_t i = 0; i < evaluation.scores.size(); ++i) {
    const auto& score = evaluation.scores[i];
    std::string path = index("scores", i);
    // A file carries a total as its "total", never as a score.
    if (score.target == ScoreTarget::total || !scoring::target_fits(evaluation.granularity, score.target)) {
      return fail(ErrorKind::bad_input, "score_target_granularity",
                  {{"target", to_string(score.target)}, {"granularity", to_string(evaluation.granularity)}}, path);
    }
    if (auto checked = scoring::check_points(framework, score.target, score.target_id, score.points); !checked) {
      return at_path(checked.error(), path);
    }
    if (!seen.insert({score.target, score.target_id, score.evaluator}).second) {
      return fail(ErrorKind::bad_input, "json_duplicate_score", {{"path", path}, {"target", score.target_id}}, path);
    }
    if (auto valid = check_text(score.rationale, path + ".rationale"); !valid) {
      return valid;
    }
    if (auto keys = check_source_keys(score.source_keys, evaluation.sources, path + ".sources"); !keys) {
      return keys;
    }
  }
  for (std::size_t i = 0; i < evaluation.findings.size(); ++i) {
    if (auto valid = check_finding(framework, evaluation.findings[i], evaluation.sources, index("findings", i));
        !valid) {
      return valid;
    }
  }
  std::set<std::pair<int, std::string>> places;
  for (std::size_t i = 0; i < evaluation.narratives.size(); ++i) {
    const auto& narrative = evaluation.narratives[i];
    std::string path = index("narratives", i);
    if (auto valid = check_place(framework, narrative.area, narrative.sub_area, path); !valid) {
      return valid;
    }
    if (!places.insert({narrative.area, narrative.sub_area}).second) {
      return fail(ErrorKind::bad_input, "json_duplicate_narrative",
                  {{"path", path}, {"area", std::to_string(narrative.area)}}, path);
    }
    if (auto valid = check_text(narrative.text, path + ".text"); !valid) {
      return valid;
    }
  }
  auto aggregate = scoring::aggregate(framework, evaluation.granularity, evaluation.scores, std::nullopt);
  if (evaluation.published_total) {
    if (*evaluation.published_total < 0 || *evaluation.published_total > framework.max_points) {
      return fail(
          ErrorKind::bad_input, "total_out_of_range",
          {{"points", std::to_string(*evaluation.published_total)}, {"max", std::to_string(framework.max_points)}},
          "total");
    }
    if (aggregate.total.points && *aggregate.total.points != *evaluation.published_total) {
      return fail(
          ErrorKind::bad_input, "total_mismatch",
          {{"total", std::to_string(*evaluation.published_total)}, {"sum", std::to_string(*aggregate.total.points)}},
          "total");
    }
  }
  // A full evaluation past draft is what a report is written from, as set_status requires; published area
  // or total results are kept as published, gaps and all.
  if (evaluation.granularity == Granularity::question && evaluation.status != model::Status::draft) {
    return check_complete(evaluation.id.empty() ? evaluation.municipality.name : evaluation.id, aggregate);
  }
  return {};
}

// Stores one evaluation unless an evaluation of the same municipality, year and edition exists. A stored
// municipality is never renamed by a file: the file may only fill in what is missing (county, population, group)
// and add key figures, and the evaluation's id is made from the stored name.
// Whether an imported evaluation keeps the id its file gives (when free) or gets one made from its name.
enum class IdFrom { file, name };

Result<void> store_or_skip(store::Store& store, model::Evaluation evaluation, IdFrom id_from, int line,
                           ImportReport& report, const ImportProgress& on_stored) {
  auto existing = store.find_evaluations(evaluation.municipality.ref, evaluation.year, evaluation.framework_id);
  if (!existing) {
    return tl::unexpected(existing.error());
  }
  if (!existing->empty()) {
    report.skipped.push_back(
        {existing->front(), evaluation.municipality.name, evaluation.year, evaluation.framework_id, line});
    return {};
  }
  auto known = store.find_municipality(evaluation.municipality.ref);
  if (!known) {
    return tl::unexpected(known.error());
  }
  model::Municipality municipality = evaluation.municipality;
  if (*known) {
    municipality = **known;
    municipality.county = municipality.county ? municipality.county : evaluation.municipality.county;
    municipality.population = municipality.population ? municipality.population : evaluation.municipality.population;
    municipality.group = municipality.group ? municipality.group : evaluation.municipality.group;
    municipality.key_figures = evaluation.municipality.key_figures;
  }
  if (auto upserted = store.upsert_municipality(municipality); !upserted) {
    return upserted;
  }
  municipality.key_figures.clear();
  evaluation.municipality = municipality;
  bool id_free = false;
  if (id_from == IdFrom::file && !evaluation.id.empty()) {
    auto taken = store.evaluation_exists(evaluation.id);
    if (!taken) {
      return tl::unexpected(taken.error());
    }
    id_free = !*taken;
  }
  if (!id_free) {
    auto id = free_evaluation_id(store, evaluation.municipality.name, evaluation.year);
    if (!id) {
      return tl::unexpected(id.error());
    }
    evaluation.id = *id;
  }
  if (auto inserted = store.insert_evaluation(evaluation); !inserted) {
    return inserted;
  }
  report.imported.push_back(evaluation.id);
  if (on_stored) {
    on_stored(evaluation.id);
  }
  return {};
}

Result<ImportReport> import_json(store::Store& store, std::string_view bytes, const ImportProgress& on_stored) {
  auto document = parse_evaluation_json(bytes);
  if (!document) {
    return tl::unexpected(document.error());
  }
  model::Evaluation& evaluation = document->evaluation;
  return store::in_transaction(store, [&]() -> Result<ImportReport> {
    std::optional<std::string> version;
    if (!evaluation.framework_version.empty()) {
      version = evaluation.framework_version;
    }
    auto framework = get_framework(store, evaluation.framework_id, version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    evaluation.framework_id = framework->id;
    evaluation.framework_version = framework->version;
    if (auto ok = check_document(evaluation, *framework); !ok) {
      return tl::unexpected(ok.error());
    }
    ImportReport report;
    report.kind = ImportKind::evaluation_json;
    if (auto stored =
            store_or_skip(store, evaluation, document->id_given ? IdFrom::file : IdFrom::name, 0, report, on_stored);
        !stored) {
      return tl::unexpected(stored.error());
    }
    return report;
  });
}

// A CSV header's columns by name, so rows can be read whatever the column order.
class Columns {
public:
  // The positions of `needed` in `header`; fails naming the first missing column.
  static Result<Columns> of(const CsvRecord& header, const std::vector<std::string>& needed) {
    Columns columns;
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
      columns.m_positions[header.cells[i].text] = i;
    }
    for (const auto& name : needed) {
      if (!columns.m_positions.contains(name)) {
        return fail(ErrorKind::bad_input, "csv_missing_column",
                    {{"column_name", name}, {"line", std::to_string(header.line)}}, std::to_string(header.line) + ":1");
      }
    }
    return columns;
  }

  const CsvCell& cell(const CsvRecord& record, const std::string& name) const {
    return record.cells[m_positions.at(name)];
  }

private:
  std::map<std::string, std::size_t> m_positions;
};

std::vector<std::string> area_columns() {
  std::vector<std::string> names;
  for (int i = 1; i <= 8; ++i) {
    names.push_back("area" + std::to_string(i));
  }
  return names;
}

// The published-results and published-averages layouts: leading columns, area1…area8, total, source_url, note.
std::vector<std::string> layout_with_areas(std::vector<std::string> leading) {
  auto areas = area_columns();
  leading.insert(leading.end(), areas.begin(), areas.end());
  leading.insert(leading.end(), {"total", "source_url", "note"});
  return leading;
}

// Frameworks named in a file are looked up once each.
class FrameworkCache {
public:
  explicit FrameworkCache(store::Store& store) : m_store(store) {}
  Result<const model::Framework*> get(const CsvCell& cell) {
    if (auto it = m_frameworks.find(cell.text); it != m_frameworks.end()) {
      return &it->second;
    }
    auto framework = get_framework(m_store, cell.text);
    if (!framework) {
      if (framework.error().kind == ErrorKind::not_found) {
        return cell_error(cell, "csv_unknown_framework");
      }
      return tl::unexpected(framework.error());
    }
    return &m_frameworks.emplace(cell.text, std::move(*framework)).first->second;
  }

private:
  store::Store& m_store;
  std::map<std::string, model::Framework> m_frameworks;
};

Result<ImportReport> import_results_csv(store::Store& store, const CsvTable& table, const ImportProgress& on_stored) {
  auto needed = layout_with_areas({"country", "municipality_code", "municipality", "year", "model"});
  auto columns = Columns::of(table.records.front(), needed);
  if (!columns) {
    return tl::unexpected(columns.error());
  }
  auto cell = [&](const CsvRecord& record, const std::string& name) -> const CsvCell& {
    return columns->cell(record, name);
  };
  return store::in_transaction(store, [&]() -> Result<ImportReport> {
    FrameworkCache frameworks(store);
    std::vector<std::pair<model::Evaluation, int>> rows;
    for (std::size_t r = 1; r < table.records.size(); ++r) {
      const auto& record = table.records[r];
      model::Evaluation evaluation;
      const auto& country = cell(record, "country");
      if (!check_country(country.text, "")) {
        return cell_error(country, "csv_bad_country");
      }
      auto ref = parse_municipality_ref(country.text + ":" + cell(record, "municipality_code").text);
      if (!ref) {
        return cell_error(cell(record, "municipality_code"), "csv_bad_code");
      }
      if (cell(record, "municipality").text.empty()) {
        return cell_error(cell(record, "municipality"), "csv_missing_value", {{"column_name", "municipality"}});
      }
      auto year = parse_whole(cell(record, "year"), "year");
      if (!year) {
        return tl::unexpected(year.error());
      }
      if (!*year || !check_year(**year, "")) {
        return cell_error(cell(record, "year"), "csv_bad_year");
      }
      auto framework = frameworks.get(cell(record, "model"));
      if (!framework) {
        return tl::unexpected(framework.error());
      }
      evaluation.municipality.ref = *ref;
      evaluation.municipality.name = cell(record, "municipality").text;
      evaluation.year = **year;
      evaluation.framework_id = (*framework)->id;
      evaluation.framework_version = (*framework)->version;
      evaluation.language = ref->country == "NO" ? "nb" : ref->country == "DK" ? "da" : "sv";
      evaluation.status = model::Status::published;
      evaluation.source_url = cell(record, "source_url").text;
      evaluation.note = cell(record, "note").text;
      int sum = 0;
      int known = 0;
      for (int area = 1; area <= 8; ++area) {
        const auto& points_cell = cell(record, "area" + std::to_string(area));
        auto points = parse_points(points_cell, "area" + std::to_string(area));
        if (!points) {
          return tl::unexpected(points.error());
        }
        if (!*points) {
          continue;
        }
        if (auto checked = scoring::check_points(**framework, model::ScoreTarget::area, std::to_string(area), **points);
            !checked) {
          return cell_error(
              points_cell, "csv_points_out_of_range",
              {{"column_name", "area" + std::to_string(area)},
               {"max", std::to_string((*framework)->find_area(area) ? (*framework)->find_area(area)->max_points : 0)}});
        }
        model::Score score;
        score.target = model::ScoreTarget::area;
        score.target_id = std::to_string(area);
        score.points = **points;
        evaluation.scores.push_back(score);
        sum += **points;
        ++known;
      }
      const auto& total_cell = cell(record, "total");
      auto total = parse_points(total_cell, "total");
      if (!total) {
        return tl::unexpected(total.error());
      }
      if (*total && **total > (*framework)->max_points) {
        return cell_error(total_cell, "csv_points_out_of_range",
                          {{"column_name", "total"}, {"max", std::to_string((*framework)->max_points)}});
      }
      if (*total && known == 8 && sum != **total) {
        return cell_error(total_cell, "csv_total_mismatch", {{"sum", std::to_string(sum)}});
      }
      if (!*total && known == 0) {
        return cell_error(total_cell, "csv_no_scores");
      }
      evaluation.published_total = *total;
      evaluation.granularity = known > 0 ? model::Granularity::area : model::Granularity::total;
      rows.emplace_back(std::move(evaluation), record.line);
    }
    ImportReport report;
    report.kind = ImportKind::published_results_csv;
    for (auto& [evaluation, line] : rows) {
      if (auto stored = store_or_skip(store, std::move(evaluation), IdFrom::name, line, report, on_stored); !stored) {
        return tl::unexpected(stored.error());
      }
    }
    return report;
  });
}

Result<ImportReport> import_averages_csv(store::Store& store, const CsvTable& table) {
  auto needed = layout_with_areas({"country", "model", "scope", "as_of"});
  auto areas = area_columns();
  auto columns = Columns::of(table.records.front(), needed);
  if (!columns) {
    return tl::unexpected(columns.error());
  }
  auto cell = [&](const CsvRecord& record, const std::string& name) -> const CsvCell& {
    return columns->cell(record, name);
  };
  return store::in_transaction(store, [&]() -> Result<ImportReport> {
    FrameworkCache frameworks(store);
    auto stored = store.list_published_averages();
    if (!stored) {
      return tl::unexpected(stored.error());
    }
    ImportReport report;
    report.kind = ImportKind::published_averages_csv;
    for (std::size_t r = 1; r < table.records.size(); ++r) {
      const auto& record = table.records[r];
      model::PublishedAverage average;
      if (!check_country(cell(record, "country").text, "")) {
        return cell_error(cell(record, "country"), "csv_bad_country");
      }
      auto framework = frameworks.get(cell(record, "model"));
      if (!framework) {
        return tl::unexpected(framework.error());
      }
      average.country = cell(record, "country").text;
      average.framework_id = (*framework)->id;
      average.scope = cell(record, "scope").text;
      average.as_of = cell(record, "as_of").text;
      average.source_url = cell(record, "source_url").text;
      average.note = cell(record, "note").text;
      for (const auto& name : areas) {
        auto value = parse_decimal(cell(record, name), name);
        if (!value) {
          return tl::unexpected(value.error());
        }
        average.areas.push_back(*value);
      }
      auto total = parse_decimal(cell(record, "total"), "total");
      if (!total) {
        return tl::unexpected(total.error());
      }
      average.total = *total;
      bool duplicate = false;
      for (const auto& existing : *stored) {
        duplicate =
            duplicate || (existing.country == average.country && existing.framework_id == average.framework_id &&
                          existing.scope == average.scope && existing.as_of == average.as_of);
      }
      if (duplicate) {
        ++report.averages_skipped;
        continue;
      }
      if (auto inserted = store.insert_published_average(average); !inserted) {
        return tl::unexpected(inserted.error());
      }
      stored->push_back(average);
      ++report.averages;
    }
    return report;
  });
}

Result<ImportReport> import_key_figures_csv(store::Store& store, const CsvTable& table) {
  auto columns = Columns::of(table.records.front(), {"country", "code", "key", "year", "value", "unit", "source"});
  if (!columns) {
    return tl::unexpected(columns.error());
  }
  auto cell = [&](const CsvRecord& record, const std::string& name) -> const CsvCell& {
    return columns->cell(record, name);
  };
  return store::in_transaction(store, [&]() -> Result<ImportReport> {
    ImportReport report;
    report.kind = ImportKind::key_figures_csv;
    std::map<model::MunicipalityRef, model::Municipality> touched;
    for (std::size_t r = 1; r < table.records.size(); ++r) {
      const auto& record = table.records[r];
      if (!check_country(cell(record, "country").text, "")) {
        return cell_error(cell(record, "country"), "csv_bad_country");
      }
      auto ref = parse_municipality_ref(cell(record, "country").text + ":" + cell(record, "code").text);
      if (!ref) {
        return cell_error(cell(record, "code"), "csv_bad_code");
      }
      if (!touched.contains(*ref)) {
        auto municipality = store.find_municipality(*ref);
        if (!municipality) {
          return tl::unexpected(municipality.error());
        }
        if (!*municipality) {
          return cell_error(cell(record, "code"), "csv_unknown_municipality");
        }
        (*municipality)->key_figures.clear();
        touched.emplace(*ref, **municipality);
      }
      auto year = parse_whole(cell(record, "year"), "year");
      auto value = parse_decimal(cell(record, "value"), "value");
      if (!year) {
        return tl::unexpected(year.error());
      }
      if (!value) {
        return tl::unexpected(value.error());
      }
      if (cell(record, "key").text.empty()) {
        return cell_error(cell(record, "key"), "csv_missing_value", {{"column_name", "key"}});
      }
      if (!*year) {
        return cell_error(cell(record, "year"), "csv_missing_value", {{"column_name", "year"}});
      }
      if (!*value) {
        // A missing figure is "uppgift saknas" in the report, never 0: it is not stored.
        continue;
      }
      touched.at(*ref).key_figures.push_back(
          {cell(record, "key").text, **year, **value, cell(record, "unit").text, cell(record, "source").text});
      ++report.key_figures;
    }
    for (const auto& [ref, municipality] : touched) {
      if (auto upserted = store.upsert_municipality(municipality); !upserted) {
        return tl::unexpected(upserted.error());
      }
    }
    return report;
  });
}

Result<ImportReport> import_csv(store::Store& store, std::string_view bytes, const ImportProgress& on_stored) {
  auto table = read_csv(bytes);
  if (!table) {
    return tl::unexpected(table.error());
  }
  std::set<std::string> header;
  for (const auto& cell : table->records.front().cells) {
    header.insert(cell.text);
  }
  if (header.contains("municipality_code")) {
    return import_results_csv(store, *table, on_stored);
  }
  if (header.contains("scope") && header.contains("model")) {
    return import_averages_csv(store, *table);
  }
  if (header.contains("key") && header.contains("value")) {
    return import_key_figures_csv(store, *table);
  }
  return fail(ErrorKind::bad_input, "csv_unknown_layout", {}, "1:1");
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

Result<ImportReport> import_file(store::Store& store, const std::string& name, std::string_view bytes,
                                 const ImportProgress& on_stored) {
  std::string lower;
  for (char c : name) {
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (ends_with(lower, ".json")) {
    return import_json(store, bytes, on_stored);
  }
  if (ends_with(lower, ".csv")) {
    return import_csv(store, bytes, on_stored);
  }
  return fail(ErrorKind::bad_input, "import_unknown_format", {{"file", name}}, "file");
}

Result<std::string> export_evaluation(store::Store& store, const std::string& id, ExportFormat format) {
  auto view = show_evaluation(store, id);
  if (!view) {
    return tl::unexpected(view.error());
  }
  if (format == ExportFormat::json) {
    return evaluation_to_json(view->evaluation);
  }
  const auto& e = view->evaluation;
  std::ostringstream out;
  out << "country,municipality_code,municipality,year,model,area1,area2,area3,area4,area5,area6,area7,area8,total,"
         "source_url,note\n";
  out << e.municipality.ref.country << ',' << e.municipality.ref.code << ',' << csv_field(e.municipality.name) << ','
      << e.year << ',' << e.framework_id;
  for (std::size_t i = 0; i < 8; ++i) {
    out << ',';
    if (i < view->aggregate.areas.size() && view->aggregate.areas[i].points) {
      out << *view->aggregate.areas[i].points;
    }
  }
  out << ',';
  if (view->aggregate.total.points) {
    out << *view->aggregate.total.points;
  }
  out << ',' << csv_field(e.source_url) << ',' << csv_field(e.note) << '\n';
  return out.str();
}

} // namespace kompass::app
